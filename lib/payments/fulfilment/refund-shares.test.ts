import fc from "fast-check";
import type Stripe from "stripe";
import { describe, expect, it } from "vitest";
import { refundEntriesToWrite } from "@/lib/payments/fulfilment/refund-shares";

const refund = (id: string, amount: number, status: Stripe.Refund["status"], created = 1): Stripe.Refund =>
  ({ id, object: "refund", amount, status, created }) as Stripe.Refund;

type Entry = ReturnType<typeof refundEntriesToWrite>[number];

/**
 * Writes the entries for each successive view of the refunds, as deliveries would, into a ledger
 * that keeps whatever it is given: a second entry for one refund is the function's fault and is
 * left in for the caller to see, never filtered out here.
 */
function ledgerAfter(coins: number, chargeAmount: number, views: Stripe.Refund[][]): Entry[] {
  const written: Entry[] = [];
  for (const refunds of views) written.push(...refundEntriesToWrite(coins, chargeAmount, refunds, written));
  return written;
}

function balanceAfter(coins: number, chargeAmount: number, views: Stripe.Refund[][]): number {
  const written = ledgerAfter(coins, chargeAmount, views);
  expect(written.map((e) => `${e.reason} ${e.sourceId}`)).toEqual([...new Set(written.map((e) => `${e.reason} ${e.sourceId}`))]);
  return coins + written.reduce((sum, e) => sum + e.delta, 0);
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

// The states a refund passes through at Stripe, in order; it never goes back. A refund on a card
// that later rejects it (the sandbox's 4000 0000 0000 5126) fails after it succeeded.
const lifecycles: Stripe.Refund["status"][][] = [
  ["pending"],
  ["pending", "succeeded"],
  ["pending", "failed"],
  ["pending", "canceled"],
  ["succeeded"],
  ["succeeded", "failed"],
  ["pending", "succeeded", "failed"],
];

interface History {
  coins: number;
  chargeAmount: number;
  refunds: { amount: number; lifecycle: Stripe.Refund["status"][] }[];
  /** What Stripe is asked at each point: every refund so far, each in the state it has reached. */
  views: Stripe.Refund[][];
}

/** Refunds of one charge (partial amounts, at most the charge between them), and the views deliveries see of them. */
const histories: fc.Arbitrary<History> = fc
  .record({
    coins: fc.integer({ min: 1, max: 5000 }),
    chargeAmount: fc.integer({ min: 50, max: 100_000 }),
    refunds: fc.array(fc.record({ weight: fc.integer({ min: 1, max: 100 }), lifecycle: fc.constantFrom(...lifecycles) }), { minLength: 1, maxLength: 5 }),
  })
  .chain(({ coins, chargeAmount, refunds }) => {
    const totalWeight = refunds.reduce((sum, r) => sum + r.weight, 0);
    // Whole cents, none zero, together no more than the charge.
    const sized = refunds.map((r) => ({ amount: Math.max(1, Math.floor((chargeAmount * r.weight) / Math.max(totalWeight, refunds.length))), lifecycle: r.lifecycle }));
    const steps = sized.flatMap((r, index) => r.lifecycle.map(() => index));
    // Which refund moves next (their steps interleaved in any order), and how often each view is delivered (0: lost).
    const order = fc.shuffledSubarray(steps, { minLength: steps.length });
    const repeats = fc.array(fc.integer({ min: 0, max: 3 }), { minLength: steps.length, maxLength: steps.length });
    return fc.record({ order, repeats }).map(({ order: moves, repeats: copies }) => {
      const reached = sized.map(() => -1);
      const views: Stripe.Refund[][] = [];
      moves.forEach((index, step) => {
        reached[index] = (reached[index] ?? -1) + 1;
        const view = sized.flatMap((r, i) => ((reached[i] ?? -1) < 0 ? [] : [refund(`re_${i}`, r.amount, r.lifecycle[reached[i] ?? 0] ?? null, i)]));
        // The last view is always seen: it is what Stripe finally says.
        const times = step === moves.length - 1 ? Math.max(1, copies[step] ?? 1) : (copies[step] ?? 1);
        for (let copy = 0; copy < times; copy++) views.push(view);
      });
      return { coins, chargeAmount, refunds: sized, views };
    });
  });

describe("refund shares over any history of refund states", () => {
  it("write each refund's debit at most once and its reversal at most once, and net what the final states say, however the states are seen", () => {
    fc.assert(
      fc.property(histories, ({ coins, chargeAmount, refunds, views }) => {
        const written = ledgerAfter(coins, chargeAmount, views);

        for (const reason of ["refund", "refund_reversal"] as const) {
          const ids = written.filter((e) => e.reason === reason).map((e) => e.sourceId);
          expect(ids, `${reason} entries`).toEqual([...new Set(ids)]);
        }
        const finalState = (i: number) => refunds[i]?.lifecycle.at(-1);
        const net = (id: string) => written.filter((e) => e.sourceId === id).reduce((sum, e) => sum + e.delta, 0);
        const succeeded = refunds.flatMap((r, i) => (finalState(i) === "succeeded" ? [i] : []));
        for (let i = 0; i < refunds.length; i++) {
          const debits = written.filter((e) => e.reason === "refund" && e.sourceId === `re_${i}`);
          if (finalState(i) === "succeeded") expect(debits, `re_${i} succeeded`).toHaveLength(1);
          else expect(net(`re_${i}`), `re_${i} ended ${finalState(i)}`).toBe(0);
        }

        // Shares are rounded on the running total, so a reversal can leave the standing debits up
        // to a coin per reversed refund away from the exact share; with none reversed they are exact.
        const total = written.reduce((sum, e) => sum + e.delta, 0);
        const exactShare = (coins * succeeded.reduce((sum, i) => sum + (refunds[i]?.amount ?? 0), 0)) / chargeAmount;
        const reversals = written.filter((e) => e.reason === "refund_reversal").length;
        if (reversals === 0) expect(total + Math.round(exactShare)).toBe(0);
        else expect(Math.abs(total + exactShare)).toBeLessThan(reversals + 1);
      }),
      { numRuns: 1000 },
    );
  });
});
