import { isSubscriptionTier } from "@/lib/catalog/plan-policy";
import { isHigherTier } from "@/lib/catalog/products";
import { db } from "@/lib/db";
import { stripeCustomerOf } from "@/lib/payments/stripe-customer";
import { subscriptionFacts } from "@/lib/payments/plans/subscription-facts";
import { liveSubscriptionsOfCustomer } from "@/lib/stripe-gateway/billing";
import { retireSubscription } from "@/lib/payments/plans/replaced-subscription";

// One billing subscription per buyer, whatever raced: once a plan is granted, every other
// subscription of the buyer's Stripe customer that has not ended and sells no better plan is
// canceled, so no second one can bill (an abandoned bank-debit checkout paid days later, a
// checkout that slipped past the lease), and refunded the time it was not needed for: all of it
// for one that started after the plan's own (lib/payments/plans/replaced-subscription.ts). A
// better one is left alone: its own settlement grants its plan, which replaces this one. Runs
// after the granting transaction, never inside it.

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
  for (const subscriptionId of others) await retireSubscription(userId, subscriptionId, plan.sourceId);
  return others;
}
