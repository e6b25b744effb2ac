import { z } from "zod/mini";
import { recordOperatorAction } from "@/lib/admin/audit-log";
import type { Operator } from "@/lib/admin/operator";
import { earlierResult } from "@/lib/admin/audit/submissions";
import { subscriptionCancellation, type subscriptionCancellationRequest, type SubscriptionCancellationAnswer } from "@/lib/api-contract/admin-actions-api";
import { db } from "@/lib/db";
import { ApiError } from "@/lib/http/api-error";
import { withCheckoutLease } from "@/lib/payments/checkout/checkout-lease";
import { recordScheduledTier, syncSubscriptionPlan } from "@/lib/payments/fulfilment/plan-sync";
import { isFinalSubscriptionStatus, subscriptionFacts } from "@/lib/payments/plans/subscription-facts";
import { cancelSubscriptionAtPeriodEnd, cancelSubscriptionNow, readSubscription } from "@/lib/stripe-gateway/billing";
import { releaseSchedule } from "@/lib/stripe-gateway/schedules";

// The console's cancellation of a buyer's subscription, now or when the paid period ends. Stripe
// is told first; the plan then follows Stripe's answer through the same sync as every subscription
// change (the webhook that comes after finds it already applied), and the audit row records what
// Stripe said before and after.

export const CANCEL_SUBSCRIPTION = "subscription.cancel";

const recorded = z.omit(subscriptionCancellation, { repeated: true });
type Recorded = z.infer<typeof recorded>;

function stateOf(facts: ReturnType<typeof subscriptionFacts>): Recorded {
  return { status: facts.status, cancelAtPeriodEnd: facts.cancelAtPeriodEnd, currentPeriodEnd: facts.currentPeriodEnd?.toISOString() ?? null };
}

/** Whether this buyer's plan or one of their purchases is this subscription. */
async function isBuyersSubscription(userId: string, subscriptionId: string): Promise<{ backsPlan: boolean } | null> {
  const [plan, purchase] = await Promise.all([
    db.plan.findFirst({ where: { userId, sourceId: subscriptionId }, select: { userId: true } }),
    db.purchase.findFirst({ where: { userId, subscriptionId }, select: { id: true } }),
  ]);
  return plan || purchase ? { backsPlan: plan !== null } : null;
}

export async function cancelSubscriptionAsOperator(
  operator: Operator,
  request: z.infer<typeof subscriptionCancellationRequest>,
  requestId: string,
): Promise<SubscriptionCancellationAnswer> {
  const { userId, subscriptionId, submissionId } = request;
  const action = { name: CANCEL_SUBSCRIPTION, targetId: subscriptionId };
  const earlier = await earlierResult(submissionId, action, recorded);
  if (earlier) return { ...earlier, repeated: true };
  const owned = await isBuyersSubscription(userId, subscriptionId);
  if (!owned) throw new ApiError("not_found", `Buyer ${userId} has no subscription ${subscriptionId}.`);
  // The buyer's lease (the one their checkouts and plan changes take) lets one change of their
  // subscription run at a time: a second copy of this submission waits, then finds it recorded.
  return withCheckoutLease(userId, async (lease) => {
    const recordedMeanwhile = await earlierResult(submissionId, action, recorded);
    if (recordedMeanwhile) return { ...recordedMeanwhile, repeated: true };
    lease.ensureTimeLeft();
    return cancelAtStripe(operator, request, requestId, owned.backsPlan);
  });
}

async function cancelAtStripe(
  operator: Operator,
  request: z.infer<typeof subscriptionCancellationRequest>,
  requestId: string,
  backsPlan: boolean,
): Promise<SubscriptionCancellationAnswer> {
  const { userId, subscriptionId, when, reason, submissionId } = request;
  const current = await readSubscription(subscriptionId);
  if (!current) throw new ApiError("not_found", `Stripe has no subscription ${subscriptionId}.`);
  const before = stateOf(subscriptionFacts(current.value));
  if (isFinalSubscriptionStatus(subscriptionFacts(current.value).status)) {
    throw new ApiError("no_subscription", `Subscription ${subscriptionId} has already ended (${before.status}).`);
  }

  let after = current;
  if (when === "now") {
    await cancelSubscriptionNow(subscriptionId);
    after = (await readSubscription(subscriptionId)) ?? current;
  } else if (!current.value.cancel_at_period_end) {
    // Stripe refuses a cancellation on a subscription a schedule manages: the schedule holds only
    // a downgrade the buyer chose, which ending the subscription makes moot.
    await releaseSchedule(current.value);
    if (backsPlan) await recordScheduledTier(userId, null);
    after = await cancelSubscriptionAtPeriodEnd(subscriptionId, submissionId);
  }
  await syncSubscriptionPlan(after);

  const result = stateOf(subscriptionFacts(after.value));
  await recordOperatorAction({ actor: operator, action: CANCEL_SUBSCRIPTION, targetType: "subscription", targetId: subscriptionId, reason, before, after: { ...result, when }, requestId, submissionId });
  return { ...result, repeated: false };
}
