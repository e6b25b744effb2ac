import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { accountSummary, coinLedger, purchaseHistory, purchaseOutcome } from "@/lib/account/account-views";
import { db } from "@/lib/db";
import type { PaymentStatus } from "@/lib/generated/prisma/enums";
import { stripe } from "@/lib/stripe-gateway/client";
import { signUpBuyer, type TestBuyer } from "@/test-support/buyers";
import { checkout } from "@/test-support/route-calls";
import { startTestStripe, type TestStripe } from "@/test-support/test-stripe";

it("shows a new buyer's email and name, no coins and no plan", async () => {
  const buyer = await signUpBuyer("Ada Buyer");
  expect(await accountSummary(buyer.id)).toEqual({ email: buyer.email, name: "Ada Buyer", coinBalance: 0, heldCoins: 0, plan: null });
});

it("shows a subscriber's balance, held coins, plan, renewal date, scheduled downgrade and allowance", async () => {
  const buyer = await signUpBuyer();
  await db.user.update({ where: { id: buyer.id }, data: { coinBalance: 1200, heldCoins: 300 } });
  const periodEnd = new Date("2026-12-24T10:30:00.000Z");
  await db.plan.create({
    data: {
      userId: buyer.id,
      tier: "advanced",
      status: "active",
      sourceId: "sub_test_summary",
      subscriptionStatus: "active",
      currentPeriodEnd: periodEnd,
      cancelAtPeriodEnd: true,
      scheduledTier: "starter",
      allowanceUsed: 7,
      allowanceResetsAt: periodEnd,
    },
  });

  expect(await accountSummary(buyer.id)).toMatchObject({
    coinBalance: 1200,
    heldCoins: 300,
    plan: {
      tier: "advanced",
      status: "active",
      subscriptionStatus: "active",
      currentPeriodEnd: "2026-12-24T10:30:00.000Z",
      cancelAtPeriodEnd: true,
      scheduledTier: "starter",
      allowance: { used: 7, limit: 500, resetsAt: "2026-12-24T10:30:00.000Z" },
    },
  });
});

it("shows a Lifetime plan with no subscription, no renewal date and an unlimited allowance", async () => {
  const buyer = await signUpBuyer();
  await db.plan.create({ data: { userId: buyer.id, tier: "lifetime", status: "active", sourceId: "cs_test_summary" } });
  const summary = await accountSummary(buyer.id);
  expect(summary?.plan).toEqual({
    tier: "lifetime",
    status: "active",
    subscriptionStatus: null,
    currentPeriodEnd: null,
    cancelAtPeriodEnd: false,
    scheduledTier: null,
    allowance: { used: 0, limit: null, resetsAt: null },
  });
});

it("answers null for a user who does not exist", async () => {
  expect(await accountSummary("no-such-user")).toBeNull();
});

describe("purchaseOutcome", () => {
  const paid = { status: "paid", amountCents: 1000, refundedCents: 0, disputed: false } as const;

  it.each([
    ["paid", "paid"],
    ["no_payment_required", "paid"],
    ["failed", "failed"],
    ["processing", "processing"],
    ["expired", "expired"],
    ["unpaid", "canceled"],
    ["canceled", "canceled"],
  ] as const)("reads a %s checkout as %s", (status, outcome) => {
    expect(purchaseOutcome({ ...paid, status })).toBe(outcome);
  });

  it("reads a payment refunded in part as partly refunded, and in full (or more) as refunded", () => {
    expect(purchaseOutcome({ ...paid, refundedCents: 1 })).toBe("partly_refunded");
    expect(purchaseOutcome({ ...paid, refundedCents: 999 })).toBe("partly_refunded");
    expect(purchaseOutcome({ ...paid, refundedCents: 1000 })).toBe("refunded");
    expect(purchaseOutcome({ ...paid, refundedCents: 1200 })).toBe("refunded");
  });

  it("reads a disputed payment as disputed, even when it was also refunded", () => {
    expect(purchaseOutcome({ ...paid, disputed: true })).toBe("disputed");
    expect(purchaseOutcome({ ...paid, refundedCents: 1000, disputed: true })).toBe("disputed");
  });
});

describe("purchase history", () => {
  interface Seeded {
    status?: PaymentStatus;
    refundedCents?: number;
    dispute?: string;
  }

  let seq = 0;
  async function seedPurchase(userId: string, productKey: string, seeded: Seeded = {}): Promise<string> {
    seq += 1;
    const checkoutSessionId = `cs_test_history_${seq}_${userId.slice(0, 8)}`;
    const status = seeded.status ?? "paid";
    await db.purchase.create({
      data: {
        checkoutSessionId,
        userId,
        productKey,
        mode: productKey === "starter" ? "subscription" : "payment",
        amountCents: 1000,
        currency: "usd",
        status,
        refundedCents: seeded.refundedCents ?? 0,
        expiresAt: new Date("2026-12-01T00:00:00Z"),
        // One minute apart, in the order seeded, so the newest-first order is known.
        createdAt: new Date(Date.UTC(2026, 10, 1, 0, seq)),
        fulfilledAt: status === "paid" ? new Date(Date.UTC(2026, 10, 1, 0, seq, 30)) : null,
      },
    });
    if (seeded.dispute) {
      await db.dispute.create({ data: { id: `dp_${checkoutSessionId}`, userId, checkoutSessionId, status: seeded.dispute } });
    }
    return checkoutSessionId;
  }

  it("says what happened to each purchase in the buyer's terms, newest first, with a receipt where money was taken", async () => {
    const buyer = await signUpBuyer();
    const seeded: [string, Seeded, string, boolean][] = [
      ["small_pack", {}, "paid", true],
      ["starter", { status: "no_payment_required" }, "paid", false],
      ["small_pack", { status: "unpaid" }, "canceled", false],
      ["small_pack", { status: "canceled" }, "canceled", false],
      ["small_pack", { status: "expired" }, "expired", false],
      ["small_pack", { status: "failed" }, "failed", false],
      ["small_pack", { status: "processing" }, "processing", false],
      ["medium_pack", { refundedCents: 1000 }, "refunded", true],
      ["medium_pack", { refundedCents: 250 }, "partly_refunded", true],
      ["large_pack", { dispute: "needs_response" }, "disputed", true],
      ["large_pack", { dispute: "lost" }, "disputed", true],
      ["large_pack", { dispute: "won" }, "paid", true],
      ["large_pack", { dispute: "warning_closed" }, "paid", true],
      ["lifetime", { refundedCents: 1000, dispute: "won" }, "refunded", true],
    ];
    const ids: string[] = [];
    for (const [productKey, facts] of seeded) ids.push(await seedPurchase(buyer.id, productKey, facts));
    await seedPurchase((await signUpBuyer()).id, "large_pack");

    const history = await purchaseHistory(buyer.id);

    expect(history.map((p) => p.checkoutSessionId)).toEqual([...ids].reverse());
    expect(history.map((p) => [p.productKey, p.outcome, p.hasReceipt])).toEqual(
      seeded.map(([productKey, , outcome, hasReceipt]) => [productKey, outcome, hasReceipt]).reverse(),
    );
    expect(history.find((p) => p.outcome === "partly_refunded")).toMatchObject({ amountCents: 1000, currency: "usd", refundedCents: 250 });
    expect(history.at(-1)).toMatchObject({ createdAt: expect.stringMatching(/^2026-11-01T00:\d\d:00\.000Z$/), fulfilledAt: expect.any(String) });
    expect(history.find((p) => p.outcome === "expired")?.fulfilledAt).toBeNull();
  });

  it("shows at most the newest `limit` purchases", async () => {
    const buyer = await signUpBuyer();
    for (let i = 0; i < 3; i++) await seedPurchase(buyer.id, "small_pack");
    const all = await purchaseHistory(buyer.id);
    expect(await purchaseHistory(buyer.id, 2)).toEqual(all.slice(0, 2));
  });
});

describe("coin history", () => {
  it("names the pack each purchase, refund, reversal and dispute entry concerns, and none for generations, adjustments and refunds older than the name", async () => {
    const buyer = await signUpBuyer();
    const sessionFor = { medium_pack: `cs_test_ledger_medium_${buyer.id}`, large_pack: `cs_test_ledger_large_${buyer.id}` } as const;
    for (const [productKey, checkoutSessionId] of Object.entries(sessionFor)) {
      await db.purchase.create({
        data: { checkoutSessionId, userId: buyer.id, productKey, mode: "payment", amountCents: 1000, currency: "usd", status: "paid", expiresAt: new Date() },
      });
    }
    const entries = [
      { reason: "purchase", delta: 550, sourceId: sessionFor.medium_pack, checkoutSessionId: sessionFor.medium_pack },
      { reason: "refund", delta: -275, sourceId: `re_a_${buyer.id}`, checkoutSessionId: sessionFor.medium_pack },
      { reason: "refund_reversal", delta: 275, sourceId: `re_a_${buyer.id}`, checkoutSessionId: sessionFor.medium_pack },
      { reason: "purchase", delta: 1200, sourceId: sessionFor.large_pack, checkoutSessionId: sessionFor.large_pack },
      { reason: "dispute_hold", delta: -1200, sourceId: `dp_${buyer.id}`, checkoutSessionId: sessionFor.large_pack },
      { reason: "dispute_release", delta: 1200, sourceId: `dp_${buyer.id}`, checkoutSessionId: sessionFor.large_pack },
      { reason: "generation", delta: -10, sourceId: `spend_${buyer.id}`, checkoutSessionId: null },
      { reason: "adjustment", delta: 5, sourceId: `adj_${buyer.id}`, checkoutSessionId: null },
      { reason: "refund", delta: -100, sourceId: `re_old_${buyer.id}`, checkoutSessionId: null },
    ] as const;
    for (const [i, entry] of entries.entries()) {
      await db.coinLedgerEntry.create({ data: { userId: buyer.id, ...entry, createdAt: new Date(Date.UTC(2026, 10, 2, 0, i)) } });
    }
    const other = await signUpBuyer();
    await db.coinLedgerEntry.create({ data: { userId: other.id, delta: 5, reason: "adjustment", sourceId: `adj_${other.id}` } });

    const ledger = await coinLedger(buyer.id);

    expect(ledger.map(({ reason, delta, productKey }) => ({ reason, delta, productKey }))).toEqual(
      [
        { reason: "purchase", delta: 550, productKey: "medium_pack" },
        { reason: "refund", delta: -275, productKey: "medium_pack" },
        { reason: "refund_reversal", delta: 275, productKey: "medium_pack" },
        { reason: "purchase", delta: 1200, productKey: "large_pack" },
        { reason: "dispute_hold", delta: -1200, productKey: "large_pack" },
        { reason: "dispute_release", delta: 1200, productKey: "large_pack" },
        { reason: "generation", delta: -10, productKey: null },
        { reason: "adjustment", delta: 5, productKey: null },
        { reason: "refund", delta: -100, productKey: null },
      ].reverse(),
    );
    expect(ledger[0]).toEqual({ id: expect.any(String), reason: "refund", delta: -100, productKey: null, createdAt: "2026-11-02T00:08:00.000Z" });
    expect(await coinLedger(buyer.id, 2)).toEqual(ledger.slice(0, 2));
  });
});

describe("history written by Stripe's refunds and disputes", () => {
  let sandbox: TestStripe;
  beforeAll(async () => {
    sandbox = await startTestStripe();
  });
  afterAll(() => sandbox.close());

  async function paidMediumPack(buyer: TestBuyer, card = "4242424242424242"): Promise<{ sessionId: string; paymentIntent: string }> {
    const { sessionId } = await checkout(buyer, await sandbox.priceId("medium_pack"));
    await sandbox.control(`/_sandbox/checkout/sessions/${sessionId}/pay`, { card });
    await sandbox.settled();
    return { sessionId, paymentIntent: String((await stripe().checkout.sessions.retrieve(sessionId)).payment_intent) };
  }

  it("shows a pack refunded in part, its refund named after the pack, and paid again once that refund fails", async () => {
    const buyer = await signUpBuyer();
    const { paymentIntent } = await paidMediumPack(buyer, "4000000000005126");

    const refund = await stripe().refunds.create({ payment_intent: paymentIntent, amount: 250 });
    await sandbox.settled();
    expect(await purchaseHistory(buyer.id)).toMatchObject([{ productKey: "medium_pack", outcome: "partly_refunded", refundedCents: 250, hasReceipt: true }]);
    expect((await coinLedger(buyer.id)).map((e) => [e.reason, e.delta, e.productKey])).toEqual([
      ["refund", -275, "medium_pack"],
      ["purchase", 550, "medium_pack"],
    ]);

    await sandbox.control(`/_sandbox/refunds/${refund.id}/fail`, {});
    await sandbox.settled();
    expect(await purchaseHistory(buyer.id)).toMatchObject([{ outcome: "paid", refundedCents: 0 }]);
    expect((await coinLedger(buyer.id))[0]).toMatchObject({ reason: "refund_reversal", delta: 275, productKey: "medium_pack" });
  });

  it("shows a pack refunded in full as refunded", async () => {
    const buyer = await signUpBuyer();
    const { paymentIntent } = await paidMediumPack(buyer);
    await stripe().refunds.create({ payment_intent: paymentIntent });
    await sandbox.settled();
    expect(await purchaseHistory(buyer.id)).toMatchObject([{ outcome: "refunded", refundedCents: 500 }]);
  });

  it("shows a disputed pack as disputed, its held coins named after the pack, and paid again once the dispute is won", async () => {
    const buyer = await signUpBuyer();
    const { paymentIntent } = await paidMediumPack(buyer, "4000000000000259");
    expect(await purchaseHistory(buyer.id)).toMatchObject([{ outcome: "disputed" }]);
    expect((await coinLedger(buyer.id))[0]).toMatchObject({ reason: "dispute_hold", delta: -550, productKey: "medium_pack" });

    const [dispute] = (await stripe().disputes.list({ payment_intent: paymentIntent })).data;
    await stripe().disputes.update(dispute?.id ?? "", { evidence: { uncategorized_text: "winning_evidence" } });
    await sandbox.control(`/_sandbox/disputes/${dispute?.id}/settle`, { outcome: "won" });
    await sandbox.settled();
    expect(await purchaseHistory(buyer.id)).toMatchObject([{ outcome: "paid" }]);
    expect((await coinLedger(buyer.id))[0]).toMatchObject({ reason: "dispute_release", delta: 550, productKey: "medium_pack" });
  });
});
