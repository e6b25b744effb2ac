import type Stripe from "stripe";
import { sql } from "@/lib/db";
import type { CatchUpAnswer } from "@/lib/admin/events/events-api";
import { ApiError } from "@/lib/http/api-error";
import { NOW } from "@/lib/payments/fulfilment/sql";
import { failureText } from "@/lib/payments/webhook/event-claims";
import { handledEventTypes } from "@/lib/payments/webhook/handled-events";
import { handleStripeEvent } from "@/lib/payments/webhook/handle-stripe-event";
import { EVENT_RETENTION_SECONDS, listEventsSince } from "@/lib/stripe-gateway/events";

// The second recovery path beside reconcile: Stripe's list of the events it sent since a time,
// and every one of them this store has not finished (never received, or failed and given up by
// Stripe) handed to the webhook's own handler, oldest first. Reconcile re-reads objects that could
// still change; catch-up replays what Stripe said, so it also recovers what reconcile does not
// look for. Both are safe to run at any time and any number of times.

/** Stripe retries a failing delivery for three days: a catch-up looks at least that far back. */
const DEFAULT_LOOK_BACK_MS = 3 * 24 * 3600_000;
/** Before the newest event received: deliveries arrive out of order, and late. */
const MARGIN_MS = 3600_000;
/** One run's reading and work, so that it answers within a request; another run picks up the rest. */
const MOST_LISTED = 10_000;
const MOST_APPLIED = 500;
const PARALLEL = 4;
const FAILURES_SHOWN = 20;

/**
 * Where a catch-up starts when the operator names no time: three days back, or further if the
 * newest event received is older than that (webhooks stopped arriving then), within Stripe's 30 days.
 */
export async function defaultCatchUpSince(now = new Date()): Promise<Date> {
  const [newest] = await sql<{ at: Date | null }>(`SELECT max("firstSeenAt") AS at FROM stripe_event`, []);
  const threeDaysBack = now.getTime() - DEFAULT_LOOK_BACK_MS;
  const from = newest?.at ? Math.min(newest.at.getTime() - MARGIN_MS, threeDaysBack) : threeDaysBack;
  return new Date(Math.max(from, oldestKept(now)));
}

/** A minute inside Stripe's 30 days, so the run's own duration cannot push its start out of them. */
const oldestKept = (now: Date): number => now.getTime() - EVENT_RETENTION_SECONDS * 1000 + 60_000;

/** The operator's start, or a 400 when Stripe cannot list from there. */
export function catchUpSince(text: string | undefined, now = new Date()): Date | undefined {
  if (text === undefined) return undefined;
  const since = new Date(text);
  if (since.getTime() > now.getTime()) throw new ApiError("invalid_request", "since is in the future: choose a time in the last 30 days.");
  if (since.getTime() < oldestKept(now)) {
    throw new ApiError("invalid_request", "Stripe keeps events for 30 days: choose a time within the last 30 days.");
  }
  return since;
}

interface Stored {
  id: string;
  done: boolean;
  claimable: boolean;
}

/** Whether each event is finished here, or held by a live claim; absent when never received. */
export async function storedOf(ids: string[]): Promise<Map<string, Stored>> {
  const found = new Map<string, Stored>();
  for (let at = 0; at < ids.length; at += 1000) {
    const rows = await sql<Stored>(
      `SELECT id, "processedAt" IS NOT NULL AS done, coalesce("leaseUntil" < ${NOW}, true) AS claimable FROM stripe_event WHERE id = ANY($1::text[])`,
      [ids.slice(at, at + 1000)],
    );
    for (const row of rows) found.set(row.id, row);
  }
  return found;
}

export async function catchUp(since: Date): Promise<CatchUpAnswer> {
  const { events, complete } = await listEventsSince(Math.floor(since.getTime() / 1000), [...handledEventTypes], MOST_LISTED);
  const stored = await storedOf(events.map((event) => event.id));
  const answer: CatchUpAnswer = { since: since.toISOString(), listed: events.length, applied: 0, ignored: 0, alreadyHad: 0, inProgress: 0, failed: 0, left: 0, complete, failures: [] };
  const unfinished: Stripe.Event[] = [];
  for (const event of events) {
    const known = stored.get(event.id);
    if (known?.done) answer.alreadyHad += 1;
    else if (known && !known.claimable) answer.inProgress += 1;
    else unfinished.push(event);
  }
  const queue = unfinished.reverse().slice(0, MOST_APPLIED);
  answer.left = unfinished.length - queue.length;
  answer.complete = complete && answer.left === 0;

  await Promise.all(
    Array.from({ length: Math.min(PARALLEL, queue.length) }, async () => {
      for (let event = queue.shift(); event; event = queue.shift()) {
        try {
          const { outcome } = await handleStripeEvent(event);
          if (outcome === "processed") answer.applied += 1;
          else if (outcome === "ignored") answer.ignored += 1;
          else answer.alreadyHad += 1;
        } catch (error) {
          answer.failed += 1;
          if (answer.failures.length < FAILURES_SHOWN) answer.failures.push({ eventId: event.id, message: failureText(error) });
        }
      }
    }),
  );
  return answer;
}
