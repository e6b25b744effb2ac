import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db, sql } from "@/lib/db";
import { settleCheckout } from "@/lib/payments/fulfilment/fulfil-checkout";
import { reverseRefunds } from "@/lib/payments/fulfilment/money-back";
import { syncSubscriptionPlan } from "@/lib/payments/fulfilment/plan-sync";
import { checkoutVerdict } from "@/lib/payments/freshness";
import { readSubscription } from "@/lib/stripe-gateway/billing";
import { readChargeWithRefunds } from "@/lib/stripe-gateway/charges-and-disputes";
import { stripe } from "@/lib/stripe-gateway/client";
import { signUpBuyer } from "@/test-support/buyers";
import { checkout, coinsOf, checkoutSnapshot } from "@/test-support/route-calls";
import { startTestStripe, type TestStripe } from "@/test-support/test-stripe";

// Two readers of one session (a webhook and a status poll, say) can commit their snapshots in
// the opposite order to the one they read them in. The stored state must never step back.

let sandbox: TestStripe;
beforeAll(async () => {
  sandbox = await startTestStripe({ deliverWebhooks: false });
});
afterAll(() => sandbox.close());

const stored = (at: number, status: "unpaid" | "failed" | "processing" | "paid" | "expired", sessionStatus: "open" | "complete" | "expired" = "open") => ({
  status,
  sessionStatus,
  stripeReadAt: new Date(at),
});
const reading = (at: number, status: "unpaid" | "failed" | "processing" | "paid" | "expired", sessionStatus: "open" | "complete" | "expired" = "open") => ({
  status,
  sessionStatus,
  readStartedAt: new Date(at),
});

describe("the freshness rule", () => {
  it("applies a reading that began after the stored one was read", () => {
    expect(checkoutVerdict(stored(1000, "failed"), reading(1000, "processing"))).toBe("apply");
    expect(checkoutVerdict(stored(1000, "unpaid"), reading(2000, "failed"))).toBe("apply");
  });

  it("asks for a fresh read when a reading began before the stored one was read", () => {
    expect(checkoutVerdict(stored(2000, "failed"), reading(1000, "processing"))).toBe("reread");
  });

  it("never moves a session back from complete to open, whatever the clocks say", () => {
    expect(checkoutVerdict(stored(1000, "processing", "complete"), reading(5000, "unpaid", "open"))).toBe("stale");
  });

  it("always applies a paid or expired reading, and never replaces a paid or expired state", () => {
    expect(checkoutVerdict(stored(5000, "processing", "complete"), reading(1000, "paid", "complete"))).toBe("apply");
    expect(checkoutVerdict(stored(5000, "unpaid"), reading(1000, "expired", "expired"))).toBe("apply");
    expect(checkoutVerdict(stored(1000, "paid", "complete"), reading(5000, "failed", "complete"))).toBe("stale");
    expect(checkoutVerdict(stored(1000, "expired", "expired"), reading(5000, "unpaid"))).toBe("stale");
  });

  it("applies anything to a purchase no snapshot has been applied to yet", () => {
    expect(checkoutVerdict({ status: "unpaid", sessionStatus: null, stripeReadAt: null }, reading(0, "unpaid"))).toBe("apply");
  });
});

describe("snapshots committed out of order", () => {
  it("do not step a declined payment back to unpaid, nor blank its PaymentIntent", async () => {
    const buyer = await signUpBuyer();
    const { sessionId } = await checkout(buyer, await sandbox.priceId("small_pack"));
    const beforePaying = await checkoutSnapshot(sessionId);
    await sandbox.control(`/_sandbox/checkout/sessions/${sessionId}/pay`, { card: "4000000000000002" });
    const afterDecline = await checkoutSnapshot(sessionId);

    expect(await settleCheckout(afterDecline)).toMatchObject({ kind: "settled", status: "failed" });
    expect(await settleCheckout(beforePaying)).toEqual({ kind: "stale" });

    const purchase = await db.purchase.findUniqueOrThrow({ where: { checkoutSessionId: sessionId } });
    expect(purchase.status).toBe("failed");
    expect(purchase.paymentIntentId).toMatch(/^pi_/);
  });

  it("do not step a completed bank debit back to an open checkout", async () => {
    const buyer = await signUpBuyer();
    const { sessionId } = await checkout(buyer, await sandbox.priceId("small_pack"));
    const open = await checkoutSnapshot(sessionId);
    await sandbox.control(`/_sandbox/checkout/sessions/${sessionId}/pay`, { method: "async_bank_debit" });
    const settling = await checkoutSnapshot(sessionId);

    await settleCheckout(settling);
    await settleCheckout(open);

    expect(await db.purchase.findUniqueOrThrow({ where: { checkoutSessionId: sessionId } })).toMatchObject({
      status: "processing",
      sessionStatus: "complete",
    });
  });

  it("still deliver the coins, once, when the paid snapshot's read began before the stored one's", async () => {
    const buyer = await signUpBuyer();
    const { sessionId } = await checkout(buyer, await sandbox.priceId("small_pack"));
    const beforePaying = await checkoutSnapshot(sessionId);
    await sandbox.control(`/_sandbox/checkout/sessions/${sessionId}/pay`, { card: "4242424242424242" });
    const paid = await checkoutSnapshot(sessionId);
    // As if the unpaid reading came from an app server whose clock runs a minute ahead.
    const ahead = new Date(Date.now() + 60_000);
    await settleCheckout({ ...beforePaying, readStartedAt: ahead, readFinishedAt: ahead });

    expect(await settleCheckout(paid)).toMatchObject({ kind: "settled", status: "paid", deliveredNow: true });
    expect(await settleCheckout(paid)).toMatchObject({ kind: "settled", status: "paid", deliveredNow: false });
    expect(await coinsOf(buyer.id)).toEqual({ balance: 200, ledgerEntries: 1, ledgerSum: 200 });
  });
});

// A read's answer reflects Stripe at some moment between its start and its end, so the mark a
// stored snapshot keeps must be the end: a later read that began before it (while the stored read
// was still in flight) may have seen an older Stripe, and must not be taken as newer.
describe("the mark a stored snapshot keeps", () => {
  const SLOW_READ_MS = 10_000;
  /** The same answer, as if Stripe took ten seconds to give it: began at `start`, ended ten seconds later. */
  const slow = <T extends { readStartedAt: Date; readFinishedAt: Date }>(snapshot: T, start: Date): T => ({
    ...snapshot,
    readStartedAt: start,
    readFinishedAt: new Date(start.getTime() + SLOW_READ_MS),
  });
  /** A read that began halfway through the slow one. */
  const beganDuring = <T extends { readStartedAt: Date; readFinishedAt: Date }>(snapshot: T, slowStart: Date): T => ({
    ...snapshot,
    readStartedAt: new Date(slowStart.getTime() + SLOW_READ_MS / 2),
  });

  it("is the end of the purchase's read, so a read that began while it was in flight is read again", async () => {
    const buyer = await signUpBuyer();
    const { sessionId } = await checkout(buyer, await sandbox.priceId("small_pack"));
    const start = new Date(Date.now() - 60_000);
    const first = slow(await checkoutSnapshot(sessionId), start);

    await settleCheckout(first);
    const during = beganDuring(await checkoutSnapshot(sessionId), start);

    expect((await db.purchase.findUniqueOrThrow({ where: { checkoutSessionId: sessionId } })).stripeReadAt).toEqual(first.readFinishedAt);
    expect(await settleCheckout(during)).toEqual({ kind: "stale" });
  });

  it("is the end of the subscription's read, so a read that began while it was in flight is read again", async () => {
    const buyer = await signUpBuyer();
    const { sessionId } = await checkout(buyer, await sandbox.priceId("starter"));
    await sandbox.control(`/_sandbox/checkout/sessions/${sessionId}/pay`, { card: "4242424242424242" });
    const subscriptionId = String((await stripe().checkout.sessions.retrieve(sessionId)).subscription);
    const snapshot = await readSubscription(subscriptionId);
    if (!snapshot) throw new Error(`no subscription ${subscriptionId}`);
    const start = new Date(Date.now() - 60_000);
    const first = slow(snapshot, start);

    await syncSubscriptionPlan(first);
    const [stored] = await sql<{ stripeReadAt: Date }>(`SELECT "stripeReadAt" FROM subscription_state WHERE id = $1`, [subscriptionId]);

    expect(stored?.stripeReadAt).toEqual(first.readFinishedAt);
    expect(await syncSubscriptionPlan(beganDuring(snapshot, start))).toBe("stale");
  });

  it("is the end of the refunds' read, so a read that began while it was in flight, seeing another amount refunded, is read again", async () => {
    const buyer = await signUpBuyer();
    const { sessionId } = await checkout(buyer, await sandbox.priceId("medium_pack"));
    await sandbox.control(`/_sandbox/checkout/sessions/${sessionId}/pay`, { card: "4242424242424242" });
    const paid = await checkoutSnapshot(sessionId);
    await settleCheckout(paid);
    const paymentIntent = String(paid.paymentIntent?.id);
    const chargeId = String((await stripe().paymentIntents.retrieve(paymentIntent)).latest_charge);
    await stripe().refunds.create({ payment_intent: paymentIntent, amount: 100 });
    const charge = await readChargeWithRefunds(chargeId);
    if (!charge) throw new Error(`no charge ${chargeId}`);
    const start = new Date(Date.now() - 60_000);
    const first = slow(charge, start);

    expect(await reverseRefunds(paid, first)).toBe("applied");
    await stripe().refunds.create({ payment_intent: paymentIntent, amount: 100 });
    const later = await readChargeWithRefunds(chargeId);
    if (!later) throw new Error(`no charge ${chargeId}`);

    expect((await db.purchase.findUniqueOrThrow({ where: { checkoutSessionId: sessionId } })).refundsReadAt).toEqual(first.readFinishedAt);
    expect(await reverseRefunds(paid, beganDuring(later, start))).toBe("stale");
  });
});
