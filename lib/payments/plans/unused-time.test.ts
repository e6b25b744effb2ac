import { describe, expect, it } from "vitest";
import { unusedTimeCredit, type PeriodPayment } from "@/lib/payments/plans/unused-time";

const DAY = 86_400;
const period = { start: 1_000 * DAY, end: 1_030 * DAY };
const at = (fractionLeft: number) => period.end - Math.round(fractionLeft * (period.end - period.start));

const renewal = (cents: number, start = period.start, end = period.end): PeriodPayment => ({
  paymentIntentId: `pi_renewal_${start}`,
  amountPaid: cents,
  lines: [{ amount: cents, start, end, proration: false }],
});

describe("the unused time a Lifetime buyer is refunded for their replaced subscription", () => {
  it("is the unused share of the period the buyer paid for", () => {
    expect(unusedTimeCredit(period, at(0.5), [renewal(9900)])).toBe(4950);
  });

  it("is nothing when the current period's renewal was never paid, however much the period before cost", () => {
    const previousMonth = renewal(9900, period.start - 30 * DAY, period.start);
    expect(unusedTimeCredit(period, at(0.9), [previousMonth])).toBe(0);
  });

  it("is the unused time of the upgraded plan after an upgrade, not a share of the proration invoice", () => {
    const upgradedAt = at(0.8);
    const proration: PeriodPayment = {
      paymentIntentId: "pi_upgrade",
      amountPaid: 9900 * 0.8 - 500 * 0.8,
      lines: [
        { amount: -400, start: upgradedAt, end: period.end, proration: true },
        { amount: 7920, start: upgradedAt, end: period.end, proration: true },
      ],
    };
    expect(unusedTimeCredit(period, at(0.6), [renewal(500), proration])).toBe(5940);
  });

  it("is never more than was paid for the period", () => {
    const discounted: PeriodPayment = { paymentIntentId: "pi_x", amountPaid: 1000, lines: [{ amount: 9900, start: period.start, end: period.end, proration: false }] };
    expect(unusedTimeCredit(period, at(0.5), [discounted])).toBe(1000);
  });

  it("is nothing once the period is over, and everything paid when Lifetime came before the period began", () => {
    expect(unusedTimeCredit(period, period.end + DAY, [renewal(1500)])).toBe(0);
    expect(unusedTimeCredit(period, period.start - DAY, [renewal(1500)])).toBe(1500);
  });
});
