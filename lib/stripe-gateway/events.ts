import type Stripe from "stripe";
import { call, read } from "@/lib/stripe-gateway/calls";
import { stripe } from "@/lib/stripe-gateway/client";

// Stripe's own record of the events it sent, read when a webhook may have been lost: one event by
// id (a replay), or every event since a time (a catch-up). Stripe keeps events for 30 days; an
// older one is answered as missing, like one that never existed (stripe-facts.md §9).

/** Stripe's longest look back, in seconds. */
export const EVENT_RETENTION_SECONDS = 30 * 24 * 3600;
/** `types[]` takes at most this many names per list request. */
const TYPES_PER_LIST = 20;

/** The event as Stripe keeps it, or null when Stripe has no such event (unknown, or older than 30 days). */
export async function readEvent(eventId: string): Promise<Stripe.Event | null> {
  return (await read(() => stripe().events.retrieve(eventId)))?.value ?? null;
}

export interface ListedEvents {
  events: Stripe.Event[];
  /** False when more events matched than `most`, and some were left unlisted. */
  complete: boolean;
}

/** Stripe's events of `types` created at or after `since` (unix seconds), newest first, at most `most` of them. */
export async function listEventsSince(since: number, types: readonly string[], most: number): Promise<ListedEvents> {
  const groups = Array.from({ length: Math.ceil(types.length / TYPES_PER_LIST) }, (_, i) => types.slice(i * TYPES_PER_LIST, (i + 1) * TYPES_PER_LIST));
  const events: Stripe.Event[] = [];
  let complete = true;
  for (const group of groups) {
    await call(async () => {
      for await (const event of stripe().events.list({ created: { gte: since }, types: [...group], limit: 100 })) {
        if (events.length >= most) {
          complete = false;
          return;
        }
        events.push(event);
      }
    });
  }
  return { events: events.sort((a, b) => b.created - a.created), complete };
}
