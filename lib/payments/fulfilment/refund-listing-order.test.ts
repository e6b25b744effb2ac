import type Stripe from "stripe";
import { describe, expect, it } from "vitest";
import { refundEntriesToWrite } from "@/lib/payments/fulfilment/refund-shares";

// Stripe lists a charge's refunds newest first, and a webhook may arrive before or after a later
// refund exists. Each refund's share of the coins (what the buyer's history shows against it, and
// what it gives back if it fails) must come out the same either way.

const refund = (id: string, amount: number, created: number): Stripe.Refund =>
  ({ id, object: "refund", amount, status: "succeeded", created }) as Stripe.Refund;

// 550 coins for 500 cents: 3 cents are 3.3 coins, 5 cents 5.5, so the rounding depends on which
// refund is counted first. The older refund's id sorts after the newer one's.
const older = refund("re_b_older", 3, 100);
const newer = refund("re_a_newer", 2, 200);

const shares = (entries: ReturnType<typeof refundEntriesToWrite>) => Object.fromEntries(entries.map((e) => [e.sourceId, e.delta]));

describe("each refund's share of a pack's coins", () => {
  it("is counted in the order the refunds were made, however Stripe lists them", () => {
    const newestFirst = shares(refundEntriesToWrite(550, 500, [newer, older], []));
    const oldestFirst = shares(refundEntriesToWrite(550, 500, [older, newer], []));

    expect(newestFirst).toEqual({ re_b_older: -3, re_a_newer: -3 });
    expect(oldestFirst).toEqual(newestFirst);
  });

  it("is the same whether the older refund was seen alone first or together with the newer one", () => {
    const first = refundEntriesToWrite(550, 500, [older], []);
    const then = refundEntriesToWrite(550, 500, [newer, older], first);

    expect(shares([...first, ...then])).toEqual(shares(refundEntriesToWrite(550, 500, [newer, older], [])));
  });
});
