import type Stripe from "stripe";
import { describe, expect, it } from "vitest";
import { refundEntriesToWrite } from "@/lib/payments/fulfilment/refund-shares";

const refund = (id: string, amount: number, status: Stripe.Refund["status"], created = 1): Stripe.Refund =>
  ({ id, object: "refund", amount, status, created }) as Stripe.Refund;

type Entry = ReturnType<typeof refundEntriesToWrite>[number];

/** Applies the entries for each successive view of the refunds, as deliveries would, and sums them. */
function balanceAfter(coins: number, chargeAmount: number, views: Stripe.Refund[][]): number {
  const recorded: Entry[] = [];
  for (const refunds of views) {
    for (const entry of refundEntriesToWrite(coins, chargeAmount, refunds, recorded)) {
      if (!recorded.some((e) => e.reason === entry.reason && e.sourceId === entry.sourceId)) recorded.push(entry);
    }
  }
  return coins + recorded.reduce((sum, e) => sum + e.delta, 0);
}

describe("refund shares", () => {
  it("take nothing for a refund that is still pending", () => {
    expect(refundEntriesToWrite(550, 500, [refund("re_1", 100, "pending")], [])).toEqual([]);
  });

  it("take the next refund's share correctly after an earlier refund failed before it was debited", () => {
    // 550 coins for 500 cents; a 100-cent refund fails, a second 100-cent refund succeeds.
    const failed = refund("re_1", 100, "failed", 1);
    const succeeded = refund("re_2", 100, "succeeded", 2);
    expect(balanceAfter(550, 500, [[refund("re_1", 100, "pending", 1)], [failed], [failed, succeeded]])).toBe(440);
  });

  it("give back a debited refund's coins once when it fails later, however often that is seen", () => {
    const debitedThenFailed = [[refund("re_1", 100, "succeeded")], [refund("re_1", 100, "failed")], [refund("re_1", 100, "failed")]];
    expect(balanceAfter(550, 500, debitedThenFailed)).toBe(550);
  });

  it("take back exactly all coins when every part of the charge is refunded, whatever failed in between", () => {
    const views = [
      [refund("re_1", 167, "succeeded", 1)],
      [refund("re_1", 167, "succeeded", 1), refund("re_2", 167, "succeeded", 2)],
      [refund("re_1", 167, "succeeded", 1), refund("re_2", 167, "failed", 2), refund("re_3", 166, "succeeded", 3)],
      [refund("re_1", 167, "succeeded", 1), refund("re_2", 167, "failed", 2), refund("re_3", 166, "succeeded", 3), refund("re_4", 167, "succeeded", 4)],
    ];
    expect(balanceAfter(550, 500, views)).toBe(0);
  });
});
