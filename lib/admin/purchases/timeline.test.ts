import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordOperatorAction } from "@/lib/admin/audit-log";
import { purchaseTimeline, type PurchaseTimeline, type TimelineItem } from "@/lib/admin/purchases/timeline";
import { db } from "@/lib/db";
import { stripe } from "@/lib/stripe-gateway/client";
import { signUpBuyer, type TestBuyer } from "@/test-support/buyers";
import { signUpOperator } from "@/test-support/operators";
import { checkout } from "@/test-support/route-calls";
import { startTestStripe, type TestStripe } from "@/test-support/test-stripe";

// A purchase's timeline as Stripe's webhooks and the fulfilment code left it: everything in time
// order, with each event's outcome and each coin the purchase moved.

let sandbox: TestStripe;
beforeAll(async () => {
  sandbox = await startTestStripe();
});
afterAll(() => sandbox.close());

async function paid(buyer: TestBuyer, productKey: "medium_pack" | "starter", card = "4242424242424242"): Promise<string> {
  const { sessionId } = await checkout(buyer, await sandbox.priceId(productKey));
  await sandbox.control(`/_sandbox/checkout/sessions/${sessionId}/pay`, { card });
  await sandbox.settled();
  return sessionId;
}

async function timelineOf(sessionId: string): Promise<PurchaseTimeline> {
  const timeline = await purchaseTimeline(sessionId);
  if (!timeline) throw new Error(`no timeline for ${sessionId}`);
  return timeline;
}

function eventsOf(timeline: PurchaseTimeline, type: string): Extract<TimelineItem, { kind: "event" }>[] {
  return timeline.items.filter((item): item is Extract<TimelineItem, { kind: "event" }> => item.kind === "event" && item.type === type);
}

function expectInTimeOrder(items: TimelineItem[]): void {
  const times = items.map((item) => item.at);
  expect(times).toEqual([...times].sort());
}

describe("a purchase's timeline", () => {
  it("starts with the session, shows the completion event processed, the delivery and the pack's coins, then a refund with its charge's event", async () => {
    const buyer = await signUpBuyer();
    const sessionId = await paid(buyer, "medium_pack");
    const { paymentIntentId } = await db.purchase.findUniqueOrThrow({ where: { checkoutSessionId: sessionId } });
    const refund = await stripe().refunds.create({ payment_intent: paymentIntentId ?? "", amount: 250 });
    await sandbox.settled();

    const timeline = await timelineOf(sessionId);

    expect(timeline.purchase).toMatchObject({ checkoutSessionId: sessionId, userId: buyer.id, email: buyer.email, status: "paid", refundedCents: 250 });
    expect(timeline.purchase.links.session).toBe(`https://dashboard.stripe.com/test/checkout/sessions/${sessionId}`);
    expect(timeline.items[0]).toMatchObject({ kind: "session_created", id: sessionId });
    expectInTimeOrder(timeline.items);
    expect(eventsOf(timeline, "checkout.session.completed")).toEqual([
      expect.objectContaining({ state: "processed", outcome: "processed", objectId: sessionId, link: expect.stringContaining("/test/events/evt_") }),
    ]);
    expect(eventsOf(timeline, "charge.refunded")).toEqual([expect.objectContaining({ state: "processed", objectId: expect.stringMatching(/^ch_/) })]);
    const ledger = timeline.items.filter((item) => item.kind === "ledger");
    expect(ledger.map((entry) => [entry.reason, entry.delta, entry.sourceId])).toEqual([
      ["purchase", 550, sessionId],
      ["refund", -275, refund.id],
    ]);
    expect(ledger[1]?.link).toBe(`https://dashboard.stripe.com/test/refunds/${refund.id}`);
    const kinds = timeline.items.map((item) => item.kind);
    expect(kinds.indexOf("delivered")).toBeLessThan(kinds.lastIndexOf("ledger"));
    expect(timeline.chargeUnread).toBe(false);
  });

  it("shows an event that failed with its attempts and error, an event's processing time, and what an operator did, each in its place", async () => {
    const buyer = await signUpBuyer();
    const sessionId = await paid(buyer, "medium_pack");
    const { paymentIntentId, createdAt } = await db.purchase.findUniqueOrThrow({ where: { checkoutSessionId: sessionId } });
    const later = (seconds: number) => new Date(createdAt.getTime() + seconds * 1000);
    await db.stripeEvent.createMany({
      data: [
        { id: "evt_failing_retry", type: "payment_intent.succeeded", objectId: paymentIntentId, createdAt: later(0.1), firstSeenAt: later(0.1), attempts: 3, lastError: "Stripe could not be reached" },
        { id: "evt_timed", type: "charge.refund.updated", objectId: sessionId, createdAt: later(0.2), firstSeenAt: later(0.2), claimedAt: later(0.2), processedAt: later(0.45), outcome: "ignored: nothing to do", attempts: 1 },
      ],
    });
    const operator = await signUpOperator();
    await recordOperatorAction({ actor: operator, action: "payment.refund", targetType: "purchase", targetId: paymentIntentId ?? "", reason: "asked by the buyer", after: { amount: 100 } });

    const timeline = await timelineOf(sessionId);

    expect(eventsOf(timeline, "payment_intent.succeeded").find((event) => event.id === "evt_failing_retry")).toMatchObject({
      state: "failed",
      attempts: 3,
      lastError: "Stripe could not be reached",
      durationMs: null,
    });
    expect(eventsOf(timeline, "charge.refund.updated")).toEqual([expect.objectContaining({ id: "evt_timed", state: "ignored", durationMs: 250 })]);
    expect(timeline.items.at(-1)).toMatchObject({ kind: "operator_action", action: "payment.refund", actorEmail: operator.email, reason: "asked by the buyer", after: { amount: 100 } });
    expectInTimeOrder(timeline.items);
  });

  it("shows a dispute: its event, the coins it holds and the dispute itself, linked to Stripe's dispute page", async () => {
    const sessionId = await paid(await signUpBuyer(), "medium_pack", "4000000000000259");

    const timeline = await timelineOf(sessionId);

    const [dispute] = timeline.items.filter((item) => item.kind === "dispute_opened");
    expect(dispute).toMatchObject({ coinsHeld: 550, link: expect.stringContaining("/test/disputes/") });
    expect(eventsOf(timeline, "charge.dispute.created")).toEqual([expect.objectContaining({ state: "processed", objectId: dispute?.id })]);
    expect(timeline.items.filter((item) => item.kind === "ledger").map((entry) => [entry.reason, entry.delta])).toEqual([
      ["purchase", 550],
      ["dispute_hold", -550],
    ]);
  });

  it("shows a subscription's events and the plan it bought", async () => {
    const buyer = await signUpBuyer();
    const sessionId = await paid(buyer, "starter");

    const timeline = await timelineOf(sessionId);

    const subscriptionId = timeline.purchase.subscriptionId ?? "";
    expect(subscriptionId).toMatch(/^sub_/);
    expect(timeline.purchase.links.subscription).toBe(`https://dashboard.stripe.com/test/subscriptions/${subscriptionId}`);
    expect(timeline.items.some((item) => item.kind === "event" && item.objectId === subscriptionId && item.type.startsWith("customer.subscription."))).toBe(true);
    expect(timeline.items.filter((item) => item.kind === "plan")).toEqual([
      expect.objectContaining({ tier: "starter", status: "active", subscriptionStatus: "active", link: timeline.purchase.links.subscription }),
    ]);
    expectInTimeOrder(timeline.items);
  });

  it("says a refunded payment's charge could not be read when Stripe does not answer, and still shows the rest", async () => {
    const buyer = await signUpBuyer();
    const sessionId = await paid(buyer, "medium_pack");
    await db.purchase.update({ where: { checkoutSessionId: sessionId }, data: { refundedCents: 100 } });
    const apiBase = process.env.STRIPE_API_BASE;
    process.env.STRIPE_API_BASE = "http://127.0.0.1:9";
    try {
      const timeline = await timelineOf(sessionId);
      expect(timeline.chargeUnread).toBe(true);
      expect(eventsOf(timeline, "checkout.session.completed")).toHaveLength(1);
    } finally {
      process.env.STRIPE_API_BASE = apiBase;
    }
  });

  it("answers null for a session id no purchase has", async () => {
    expect(await purchaseTimeline("cs_test_nobody_bought_this")).toBeNull();
  });
});
