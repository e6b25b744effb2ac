import type Stripe from "stripe";
import { products } from "@/lib/catalog/products";
import type { PlanStatus, PlanTier, SubscriptionStatus } from "@/lib/generated/prisma/enums";

// What a Stripe subscription means for the buyer's plan. Stripe's status is kept as it is; the
// plan is in force while Stripe is still collecting (active, trialing, and past_due while retries
// run), and ends when the subscription is canceled, unpaid, expired incomplete, paused, or not yet
// paid for at all.

export interface SubscriptionFacts {
  status: SubscriptionStatus;
  /** The tier its current price sells; null for a price outside the catalog. */
  tier: PlanTier | null;
  currentPeriodEnd: Date | null;
  cancelAtPeriodEnd: boolean;
}

const knownStatuses = new Set<string>(["active", "trialing", "past_due", "unpaid", "canceled", "incomplete", "incomplete_expired", "paused"]);
const inForce = new Set<SubscriptionStatus>(["active", "trialing", "past_due"]);
/** States a subscription never leaves. */
const final = new Set<SubscriptionStatus>(["canceled", "incomplete_expired"]);

export function subscriptionFacts(subscription: Stripe.Subscription): SubscriptionFacts {
  const item = subscription.items.data[0];
  const price = item?.price;
  const product = products.find((p) => p.lookupKey === price?.lookup_key) ?? products.find((p) => p.key === price?.metadata?.productKey);
  const end = item?.current_period_end;
  return {
    // An unknown future status is treated like one that withholds the plan until understood.
    status: knownStatuses.has(subscription.status) ? (subscription.status as SubscriptionStatus) : "incomplete",
    tier: product?.kind === "plan" ? product.tier : null,
    currentPeriodEnd: end ? new Date(end * 1000) : null,
    cancelAtPeriodEnd: subscription.cancel_at_period_end,
  };
}

export function planStatusOf(status: SubscriptionStatus): PlanStatus {
  return inForce.has(status) ? "active" : "canceled";
}

export function isFinalSubscriptionStatus(status: SubscriptionStatus): boolean {
  return final.has(status);
}
