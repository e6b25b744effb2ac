import { beforeAll, describe, expect, it } from "vitest";
import { paymentRatesByDay, type PaymentDay, type PaymentRates } from "@/lib/admin/overview/payment-rates";
import { addBuyer, addPurchase, type PurchaseRow } from "@/test-support/store-rows";

// The overview's two rates per UTC day: of the payments that reached a result, how many were paid;
// of the Checkouts started, how many were paid.

const NOW = new Date("2026-03-20T15:00:00.000Z");

describe("payment success and conversion over the last 14 days", () => {
  let rates: PaymentRates;
  const day = (iso: string): PaymentDay => {
    const found = rates.days.find((each) => each.day === iso);
    if (!found) throw new Error(`no day ${iso}`);
    return found;
  };

  beforeAll(async () => {
    const { id: userId } = await addBuyer();
    const checkout = (status: PurchaseRow["status"], createdAt: string) => addPurchase({ userId, productKey: "medium_pack", amountCents: 500, status, createdAt: new Date(createdAt) });
    // Today: three paid, one declined; an expired, a canceled, an unpaid and a processing one reached no result.
    await checkout("paid", "2026-03-20T00:00:00.000Z");
    await checkout("paid", "2026-03-20T02:00:00Z");
    await checkout("paid", "2026-03-20T14:59:00Z");
    await checkout("failed", "2026-03-20T09:00:00Z");
    await checkout("expired", "2026-03-20T03:00:00Z");
    await checkout("canceled", "2026-03-20T04:00:00Z");
    await checkout("unpaid", "2026-03-20T14:00:00Z");
    await checkout("processing", "2026-03-20T14:30:00Z");
    // Yesterday's last millisecond: one Checkout that needed no payment.
    await checkout("no_payment_required", "2026-03-19T23:59:59.999Z");
    // 13 days back, the first day shown: two declined, one expired.
    await checkout("failed", "2026-03-07T10:00:00Z");
    await checkout("failed", "2026-03-07T11:00:00Z");
    await checkout("expired", "2026-03-07T12:00:00Z");
    // Just before the first day: not shown.
    await checkout("paid", "2026-03-06T23:59:59.999Z");
    rates = await paymentRatesByDay(NOW);
  });

  it("lists 14 UTC days, oldest first, today last", () => {
    expect(rates.days).toHaveLength(14);
    expect(rates.days[0]?.day).toBe("2026-03-07T00:00:00.000Z");
    expect(rates.days[13]?.day).toBe("2026-03-20T00:00:00.000Z");
  });

  it("rates today as 3 paid of 4 that reached a result, and 3 paid of 8 Checkouts started", () => {
    expect(day("2026-03-20T00:00:00.000Z")).toEqual({ day: "2026-03-20T00:00:00.000Z", created: 8, paid: 3, failed: 1, successRate: 0.75, conversion: 0.375 });
  });

  it("counts a Checkout on the UTC day it was created, to the millisecond", () => {
    expect(day("2026-03-19T00:00:00.000Z")).toEqual({ day: "2026-03-19T00:00:00.000Z", created: 1, paid: 1, failed: 0, successRate: 1, conversion: 1 });
  });

  it("shows a day of declines as 0 %, and a day without Checkouts as no rate at all rather than 0 % or NaN", () => {
    expect(day("2026-03-07T00:00:00.000Z")).toEqual({ day: "2026-03-07T00:00:00.000Z", created: 3, paid: 0, failed: 2, successRate: 0, conversion: 0 });
    expect(day("2026-03-18T00:00:00.000Z")).toEqual({ day: "2026-03-18T00:00:00.000Z", created: 0, paid: 0, failed: 0, successRate: null, conversion: null });
  });

  it("sums the 14 days: 4 paid of 7 results, 4 paid of 12 started", () => {
    expect(rates.overall).toEqual({ created: 12, paid: 4, failed: 3, successRate: 4 / 7, conversion: 4 / 12 });
  });
});
