import type Stripe from "stripe";
import { expect } from "vitest";
import { stripe } from "@/lib/stripe-gateway/client";
import { deliver } from "@/test-support/route-calls";
import { seededRandomPerTest } from "@/test-support/seeded-random";

// Webhooks delivered by the test itself, as a rough Stripe would: every event not delivered yet,
// each twice, in a seeded random order (test-support/seeded-random.ts), every answer checked.
// Call once at the top of a test file that starts its sandbox with webhooks off.

/** `holdBack` keeps some events back, as a slow Stripe would; they are returned, for the test to deliver later. */
export type DeliverNewEvents = (holdBack?: (event: Stripe.Event) => boolean) => Promise<Stripe.Event[]>;

export function newEventDeliverer(): DeliverNewEvents {
  const random = seededRandomPerTest();
  const delivered = new Set<string>();
  return async (holdBack = () => false) => {
    const fresh: Stripe.Event[] = [];
    for await (const event of stripe().events.list({ limit: 100 })) if (!delivered.has(event.id)) fresh.push(event);
    const now = fresh.filter((event) => !holdBack(event));
    for (const event of random.shuffle([...now, ...now])) expect((await deliver(event)).status, `${event.type} ${event.id}`).toBe(200);
    for (const event of fresh) delivered.add(event.id);
    return fresh.filter(holdBack);
  };
}
