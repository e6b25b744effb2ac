import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import type Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "@/lib/db";
import { onceClaimed, type ClaimedOutcome } from "@/lib/payments/webhook/event-claims";
import { signUpBuyer } from "@/test-support/buyers";
import { checkout, coinsOf, deliver, eventsAbout } from "@/test-support/route-calls";
import { startTestStripe, type TestStripe } from "@/test-support/test-stripe";

// The event row as the console's log reads it: when the event was first seen, how many attempts
// it took, how long the last one ran, and why an attempt failed.

interface LoggedEvent {
  objectId: string | null;
  firstSeenAt: Date;
  claimedAt: Date | null;
  processedAt: Date | null;
  outcome: string | null;
  attempts: number;
  lastError: string | null;
  claimToken: string | null;
  leaseUntil: Date | null;
}

async function logged(eventId: string): Promise<LoggedEvent | undefined> {
  const [row] = await sql<LoggedEvent>(
    `SELECT "objectId", "firstSeenAt", "claimedAt", "processedAt", outcome, attempts, "lastError", "claimToken", "leaseUntil" FROM stripe_event WHERE id = $1`,
    [eventId],
  );
  return row;
}

const newEvent = () => ({
  id: `evt_${randomUUID()}`,
  type: "checkout.session.completed",
  created: Math.floor(Date.now() / 1000),
  data: { object: { id: `cs_test_${randomUUID().replaceAll("-", "")}` } },
});

const processed = async (): Promise<ClaimedOutcome> => ({ outcome: "processed" });

describe("the event log", () => {
  it("keeps a failed attempt with a short error naming no secret, and lets the very next copy claim it", async () => {
    const event = newEvent();
    const failure = new Error(`Stripe read failed with key sk_test_51Habc123 and hook secret whsec_abc123 ${"and more ".repeat(100)}`);

    await expect(onceClaimed(event, () => Promise.reject(failure))).rejects.toBe(failure);

    const failed = await logged(event.id);
    expect(failed).toMatchObject({ processedAt: null, outcome: null, attempts: 1, claimToken: null, leaseUntil: null, objectId: event.data.object.id });
    expect(failed?.lastError).toMatch(/^Error: Stripe read failed with key \[redacted\] and hook secret \[redacted\] and more/);
    expect(failed?.lastError?.length).toBeLessThanOrEqual(300);
    expect(failed?.lastError).not.toMatch(/sk_test|whsec/);

    const started = Date.now();
    expect(await onceClaimed(event, processed)).toEqual({ outcome: "processed" });
    // No lease to wait out: the failed attempt gave its claim up.
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it("shows an event that failed before and was then processed with both: the outcome, the attempts and the earlier error", async () => {
    const event = newEvent();
    await expect(onceClaimed(event, () => Promise.reject(new Error("connection reset")))).rejects.toThrow("connection reset");
    const first = await logged(event.id);

    await onceClaimed(event, processed);

    const done = await logged(event.id);
    expect(done).toMatchObject({ outcome: "processed", attempts: 2, lastError: "Error: connection reset", claimToken: null, leaseUntil: null });
    expect(done?.processedAt).not.toBeNull();
    expect(done?.firstSeenAt).toEqual(first?.firstSeenAt);
    expect(done?.claimedAt?.getTime()).toBeGreaterThanOrEqual(first?.claimedAt?.getTime() ?? Infinity);
  });

  it("records when the attempt began, so the time its work took is processedAt minus claimedAt", async () => {
    const event = newEvent();

    await onceClaimed(event, async () => {
      await sleep(300);
      return { outcome: "ignored", reason: "not ours" };
    });

    const done = await logged(event.id);
    expect(done).toMatchObject({ outcome: "ignored: not ours", attempts: 1, lastError: null, objectId: event.data.object.id });
    const tookMs = (done?.processedAt?.getTime() ?? 0) - (done?.claimedAt?.getTime() ?? 0);
    expect(tookMs).toBeGreaterThanOrEqual(290);
    expect(tookMs).toBeLessThan(5_000);
    expect(done?.firstSeenAt.getTime()).toBeLessThanOrEqual(done?.claimedAt?.getTime() ?? 0);
  });

  it("does not count a copy that found the event done as an attempt", async () => {
    const event = newEvent();
    await onceClaimed(event, processed);

    expect(await onceClaimed(event, processed)).toEqual({ outcome: "duplicate" });

    expect((await logged(event.id))?.attempts).toBe(1);
  });
});

describe("a delivery that fails while Stripe is down", () => {
  let sandbox: TestStripe;
  beforeAll(async () => {
    sandbox = await startTestStripe({ deliverWebhooks: false });
  });
  afterAll(() => sandbox.close());

  it("is logged as failed with Stripe's outage as its error, and Stripe's retry credits the buyer once", async () => {
    const buyer = await signUpBuyer();
    const { sessionId } = await checkout(buyer, await sandbox.priceId("small_pack"));
    await sandbox.control(`/_sandbox/checkout/sessions/${sessionId}/pay`, { card: "4242424242424242" });
    const [event] = await eventsAbout(sessionId, "checkout.session.completed");
    if (!event) throw new Error("no checkout.session.completed");

    await sandbox.control("/_sandbox/config", { apiOutage: true });
    let failedDelivery: Response;
    try {
      failedDelivery = await deliver(event as Stripe.Event);
    } finally {
      await sandbox.control("/_sandbox/config", { apiOutage: false });
    }

    expect(failedDelivery.status).toBe(503);
    expect(await logged(event.id)).toMatchObject({ processedAt: null, attempts: 1, lastError: expect.stringMatching(/^stripe_unavailable: /) });
    expect((await coinsOf(buyer.id)).balance).toBe(0);

    expect(await (await deliver(event)).json()).toEqual({ received: true, outcome: "processed" });
    expect(await coinsOf(buyer.id)).toEqual({ balance: 200, ledgerEntries: 1, ledgerSum: 200 });
    expect(await logged(event.id)).toMatchObject({ outcome: "processed", attempts: 2, objectId: sessionId });
    expect(await (await deliver(event)).json()).toEqual({ received: true, outcome: "duplicate" });
    expect((await coinsOf(buyer.id)).ledgerEntries).toBe(1);
  }, 60_000);
});
