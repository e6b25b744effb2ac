import fc from "fast-check";

// What the plan lifecycle property generates: per buyer, one intended operation per round; per
// round, what Stripe and the world do around the buyers (time passing, webhooks lost, the
// Dashboard's dunning setting). An intent that does not fit the buyer's state when its turn comes
// (an upgrade without a subscription) gives way to one that does (plan-act.ts), so every turn
// acts and the count of operations is the count of buyer turns.

export type OpKind =
  | "subscribe"
  | "upgrade"
  | "downgrade"
  | "undo"
  | "lifetime"
  | "spend"
  | "card_update"
  | "cancel_at_period_end"
  | "refund"
  | "dispute"
  | "pack";

/** How a checkout is paid: Stripe's test cards, or a bank debit that settles within the turn. */
export type PayMethod = "card" | "card_0341" | "three_d_secure" | "bank_debit" | "dispute_card";

export interface PayPlan {
  method: PayMethod;
  /** After a decline or a failed challenge: pay with a working card, or leave (the session is expired). */
  retryWithGoodCard: boolean;
  challenge: "complete" | "fail";
  bank: "succeeded" | "failed";
}

export interface BuyerOp {
  kind: OpKind;
  /** Picks the target plan among those the operation allows. */
  tier: number;
  pay: PayPlan;
  /** Spends: how many generations; refunds: the percentage of what is left. */
  amount: number;
  refund: "full" | "partial" | "failing";
  /** Picks the charge or dispute among the buyer's. */
  pick: number;
  ruling: "won" | "lost";
  /** The card a portal update enters: a working one, or 0341, which attaches and fails every charge. */
  card: "good" | "failing";
}

export type DunningEnding = "cancel" | "unpaid" | "past_due";

export interface RoundPlan {
  /** Whole days the sandbox clock moves after the buyers' turns (0: none); two hours more, so renewals due at +1 h are charged. */
  advanceDays: number;
  /** Percent of the round's events never delivered; the reconcile cron runs after them. */
  dropPercent: number;
  /** Of those, the percent delivered late (after the cron) instead of never. */
  latePercent: number;
  /** The Dashboard's "Manage failed payments" choice from this round on; null keeps it. */
  dunningEnding: DunningEnding | null;
  /** How bank debits left processing by renewals settle this round. */
  renewalDebits: "succeeded" | "failed";
  /** Old events delivered again this round, as Stripe's late retries would be. */
  replays: number;
}

export interface Scenario {
  buyers: BuyerOp[][];
  rounds: RoundPlan[];
}

function weighted<T>(...choices: [T, number][]): fc.Arbitrary<T> {
  return fc.oneof(...choices.map(([value, weight]) => ({ arbitrary: fc.constant(value), weight })));
}

const payPlan: fc.Arbitrary<PayPlan> = fc.record({
  method: weighted<PayMethod>(["card", 5], ["card_0341", 1], ["three_d_secure", 2], ["bank_debit", 2], ["dispute_card", 1]),
  retryWithGoodCard: fc.boolean(),
  challenge: weighted<"complete" | "fail">(["complete", 3], ["fail", 1]),
  bank: weighted<"succeeded" | "failed">(["succeeded", 3], ["failed", 1]),
});

const buyerOp: fc.Arbitrary<BuyerOp> = fc.record({
  kind: weighted<OpKind>(
    ["subscribe", 3],
    ["upgrade", 4],
    ["downgrade", 4],
    ["undo", 2],
    ["lifetime", 1],
    ["spend", 2],
    ["card_update", 3],
    ["cancel_at_period_end", 2],
    ["refund", 3],
    ["dispute", 2],
    ["pack", 1],
  ),
  tier: fc.nat(5),
  pay: payPlan,
  amount: fc.integer({ min: 1, max: 99 }),
  refund: weighted<"full" | "partial" | "failing">(["full", 1], ["partial", 2], ["failing", 1]),
  pick: fc.nat(20),
  ruling: fc.constantFrom<"won" | "lost">("won", "lost"),
  card: weighted<"good" | "failing">(["good", 1], ["failing", 1]),
});

// Days chosen to land on Stripe's billing steps: a renewal (31), the dunning retries (3, 5, 7
// days apart), or somewhere inside a period (so Lifetime and upgrades fall mid-period).
const roundPlan: fc.Arbitrary<RoundPlan> = fc.record({
  advanceDays: weighted<number>([0, 10], [1, 1], [3, 2], [5, 2], [8, 2], [12, 2], [31, 5]),
  dropPercent: weighted<number>([0, 4], [20, 1], [60, 1]),
  latePercent: weighted<number>([0, 1], [30, 1]),
  dunningEnding: weighted<DunningEnding | null>([null, 12], ["cancel", 1], ["unpaid", 1], ["past_due", 1]),
  renewalDebits: weighted<"succeeded" | "failed">(["succeeded", 3], ["failed", 1]),
  replays: weighted<number>([0, 2], [3, 1]),
});

export function scenario(buyers: number, rounds: number): fc.Arbitrary<Scenario> {
  return fc.record({
    buyers: fc.array(fc.array(buyerOp, { minLength: rounds, maxLength: rounds }), { minLength: buyers, maxLength: buyers }),
    rounds: fc.array(roundPlan, { minLength: rounds, maxLength: rounds }),
  });
}
