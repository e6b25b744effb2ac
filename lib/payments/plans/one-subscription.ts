import { isSubscriptionTier } from "@/lib/catalog/plan-policy";
import { isHigherTier } from "@/lib/catalog/products";
import { db } from "@/lib/db";
import { stripeCustomerOf } from "@/lib/payments/stripe-customer";
import { subscriptionFacts } from "@/lib/payments/plans/subscription-facts";
import { cancelSubscriptionNow, liveSubscriptionsOfCustomer } from "@/lib/stripe-gateway/billing";

// One billing subscription per buyer, whatever raced: once a plan is granted, every other
// subscription of the buyer's Stripe customer that has not ended and sells no better plan is
// canceled, so no second one can bill (an abandoned bank-debit checkout paid days later, a
// checkout that slipped past the lease). A better one is left alone: its own settlement grants
// its plan, which replaces this one. The subscription a granted plan replaced is left to
// lib/payments/plans/replaced-subscription.ts, which refunds its unused time first. Runs after the
// granting transaction, never inside it.

/** Cancels the buyer's other live subscriptions; answers their ids. */
export async function cancelOtherSubscriptions(userId: string): Promise<string[]> {
  const [customerId, plan] = await Promise.all([
    stripeCustomerOf(userId),
    db.plan.findUnique({ where: { userId }, select: { tier: true, status: true, sourceId: true, supersededSubscriptionId: true } }),
  ]);
  if (!customerId || !plan) return [];
  if (plan.status !== "active") return [];
  const kept = isSubscriptionTier(plan.tier) ? plan.sourceId : null;
  const others = (await liveSubscriptionsOfCustomer(customerId))
    .filter((subscription) => subscription.id !== kept && subscription.id !== plan.supersededSubscriptionId)
    .filter((subscription) => !isHigherTier(subscriptionFacts(subscription).tier ?? "starter", plan.tier))
    .map((subscription) => subscription.id);
  for (const subscriptionId of others) await cancelSubscriptionNow(subscriptionId);
  return others;
}
