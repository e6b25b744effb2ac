import { z } from "zod/mini";

// The console's money-moving actions (POST /api/admin/buyers/adjust-coins, /api/admin/refunds,
// /api/admin/buyers/cancel-subscription): what the forms send and what they are answered. Every
// action carries the operator's reason and the form's submission id, made by the server when it
// rendered the form: a second copy of one submission is the same action, answered with
// `repeated: true` and nothing done again.

export const MAX_REASON = 500;
/** A correction, not a store: more than this at once is a typo. */
export const MAX_COIN_ADJUSTMENT = 1_000_000;

const reason = z.string({ error: "Give a reason: it is recorded in the audit log." }).check(
  z.trim(),
  z.minLength(1, { error: "Give a reason: it is recorded in the audit log." }),
  z.maxLength(MAX_REASON, { error: `Keep the reason under ${MAX_REASON} characters.` }),
);
const submissionId = z.uuid({ error: "submissionId must be the form's submission id (a UUID). Reload the page to get a new form." });
const userId = z.string({ error: "Name the buyer by userId." }).check(z.minLength(1, { error: "Name the buyer by userId." }), z.maxLength(200, { error: "That is not a user id." }));

export const coinAdjustmentRequest = z.object(
  {
    userId,
    delta: z.int({ error: "delta must be a whole number of coins: positive to add, negative to take." }).check(
      z.refine((delta) => delta !== 0, { error: "delta must not be zero: positive to add coins, negative to take them." }),
      z.minimum(-MAX_COIN_ADJUSTMENT, { error: `Take at most ${MAX_COIN_ADJUSTMENT} coins at once.` }),
      z.maximum(MAX_COIN_ADJUSTMENT, { error: `Add at most ${MAX_COIN_ADJUSTMENT} coins at once.` }),
    ),
    reason,
    submissionId,
  },
  { error: 'Send a JSON body like {"userId": "…", "delta": -50, "reason": "…", "submissionId": "…"}.' },
);

export const coinAdjustment = z.object({ coinBalance: z.number(), delta: z.number(), repeated: z.boolean() });
export type CoinAdjustmentAnswer = z.infer<typeof coinAdjustment>;

export const refundRequest = z.object(
  {
    checkoutSessionId: z
      .string({ error: "Name the purchase by checkoutSessionId." })
      .check(z.regex(/^cs_(test|live)_\w{1,200}$/, { error: "checkoutSessionId must be a Checkout Session id (cs_test_… or cs_live_…)." })),
    /** Cents; absent for everything still refundable. */
    amountCents: z.optional(
      z.int({ error: "amountCents must be a whole number of cents, or left out for a full refund." }).check(z.positive({ error: "amountCents must be more than zero." })),
    ),
    reason,
    submissionId,
  },
  { error: 'Send a JSON body like {"checkoutSessionId": "cs_…", "amountCents": 250, "reason": "…", "submissionId": "…"}.' },
);

export const refundMade = z.object({
  refundId: z.string(),
  amountCents: z.number(),
  currency: z.string(),
  status: z.nullable(z.string()),
  /** What the storefront does about it once Stripe's webhook arrives, in the operator's words. */
  effect: z.string(),
  repeated: z.boolean(),
});
export type RefundAnswer = z.infer<typeof refundMade>;

export const subscriptionCancellationRequest = z.object(
  {
    userId,
    subscriptionId: z.string({ error: "Name the subscription by subscriptionId." }).check(z.regex(/^sub_\w{1,200}$/, { error: "subscriptionId must be a subscription id (sub_…)." })),
    when: z.enum(["now", "period_end"], { error: 'when must be "now" or "period_end".' }),
    reason,
    submissionId,
  },
  { error: 'Send a JSON body like {"userId": "…", "subscriptionId": "sub_…", "when": "period_end", "reason": "…", "submissionId": "…"}.' },
);

export const subscriptionCancellation = z.object({
  /** Stripe's status of the subscription after the change. */
  status: z.string(),
  cancelAtPeriodEnd: z.boolean(),
  currentPeriodEnd: z.nullable(z.string()),
  repeated: z.boolean(),
});
export type SubscriptionCancellationAnswer = z.infer<typeof subscriptionCancellation>;
