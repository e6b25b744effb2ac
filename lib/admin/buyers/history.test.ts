import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { recordOperatorAction } from "@/lib/admin/audit-log";
import { buyerAuditEntries, buyerLedger, buyerPurchases } from "@/lib/admin/buyers/history";
import { db } from "@/lib/db";
import { adjustCoins } from "@/lib/payments/fulfilment/coin-adjustment";
import { signUpBuyer } from "@/test-support/buyers";

// A buyer's lists on the console: newest first, capped with word of more, and the audit entries
// about the buyer and their purchases and subscriptions, not anyone else's.

const operator = { id: "op_1", email: "owner@example.com" };

async function purchase(userId: string, minutesAgo: number, refundedCents = 0) {
  const checkoutSessionId = `cs_test_${randomUUID().replaceAll("-", "")}`;
  await db.purchase.create({
    data: {
      checkoutSessionId,
      userId,
      productKey: "medium_pack",
      mode: "payment",
      amountCents: 500,
      currency: "usd",
      status: "paid",
      refundedCents,
      expiresAt: new Date(),
      createdAt: new Date(Date.now() - minutesAgo * 60_000),
      subscriptionId: null,
    },
  });
  return checkoutSessionId;
}

describe("a buyer's ledger", () => {
  it("lists the newest entries first, and says when there are more than shown", async () => {
    const { id } = await signUpBuyer();
    for (const delta of [10, 20, 30]) await adjustCoins({ userId: id, delta, submissionId: randomUUID() }, async () => {});

    expect(await buyerLedger(id, 2)).toEqual({ items: [expect.objectContaining({ delta: 30, reason: "adjustment" }), expect.objectContaining({ delta: 20 })], more: true });
    expect((await buyerLedger(id, 3)).more).toBe(false);
  });
});

describe("a buyer's purchases", () => {
  it("lists the newest first, with what is left to refund of each", async () => {
    const { id } = await signUpBuyer();
    const older = await purchase(id, 60, 200);
    const newer = await purchase(id, 1);

    const { items, more } = await buyerPurchases(id, 10);

    expect(items.map((each) => [each.checkoutSessionId, each.outcome, each.refundableCents])).toEqual([
      [newer, "paid", 500],
      [older, "partly_refunded", 300],
    ]);
    expect(more).toBe(false);
  });
});

describe("the audit entries about a buyer", () => {
  it("are those on the buyer, on their purchases and on their subscription, newest first, and no one else's", async () => {
    const { id } = await signUpBuyer();
    const other = await signUpBuyer();
    const sessionId = await purchase(id, 5);
    await db.plan.create({ data: { userId: id, tier: "starter", status: "active", sourceId: "sub_of_this_buyer" } });
    const entry = (targetType: string, targetId: string, reason: string) =>
      recordOperatorAction({ actor: operator, action: "test.action", targetType, targetId, reason, submissionId: randomUUID() });
    await entry("user", id, "on the buyer");
    await entry("purchase", sessionId, "on their purchase");
    await entry("subscription", "sub_of_this_buyer", "on their subscription");
    await entry("user", other.id, "on someone else");

    const { items, more } = await buyerAuditEntries(id, 10);

    expect(items.map((each) => each.reason)).toEqual(["on their subscription", "on their purchase", "on the buyer"]);
    expect(more).toBe(false);
  });
});
