import type Stripe from "stripe";
import type { PlanChange } from "@/lib/api-contract/plans-api";
import { isLifetimeProduct, isSubscriptionTier } from "@/lib/catalog/plan-policy";
import { isHigherTier, plans } from "@/lib/catalog/products";
import { db } from "@/lib/db";
import { ApiError } from "@/lib/http/api-error";
import type { PlanTier } from "@/lib/generated/prisma/enums";
import { withCheckoutLease } from "@/lib/payments/checkout/checkout-lease";
import { recordScheduledTier, syncSubscriptionPlan } from "@/lib/payments/fulfilment/plan-sync";
import { priceIdsByProduct } from "@/lib/catalog/stripe-prices";
import { subscriptionFacts } from "@/lib/payments/plans/subscription-facts";
import { changeSubscriptionPrice, previewPriceChange, readSubscription } from "@/lib/stripe-gateway/billing";

// A subscriber moves between monthly plans in the app, always on the one subscription they have:
// - up: prorated and charged at once (the amount shown first comes from Stripe's own preview,
//   and the change uses the same proration date); if the charge fails, nothing changes;
// - down: Stripe bills the lower price from the next renewal, and the current tier stays in
//   force until then ("changes to X on <date>"); choosing the current plan again undoes it.
// Lifetime is bought through Checkout instead (lib/payments/checkout/start-checkout.ts).

/** A preview's proration date stays valid this long: the buyer confirms what they were shown. */
const PREVIEW_VALID_SECONDS = 30 * 60;

type Change = PlanChange;

interface Subscriber {
  subscription: Stripe.Subscription;
  tier: PlanTier;
  scheduledTier: PlanTier | null;
  currentPeriodEnd: Date | null;
}

async function subscriber(userId: string): Promise<Subscriber> {
  const plan = await db.plan.findUnique({ where: { userId } });
  const notSubscribed = new ApiError("no_subscription", "Plan changes are for monthly subscribers. Choose a plan on the pricing page first.");
  if (!plan || plan.status !== "active" || !isSubscriptionTier(plan.tier)) throw notSubscribed;
  const snapshot = await readSubscription(plan.sourceId);
  if (!snapshot) throw notSubscribed;
  return { subscription: snapshot.value, tier: plan.tier, scheduledTier: plan.scheduledTier, currentPeriodEnd: plan.currentPeriodEnd };
}

function targetPlan(planKey: string) {
  const target = plans.find((p) => p.key === planKey);
  if (!target) throw new ApiError("invalid_request", `"${planKey.slice(0, 40)}" is not a plan.`);
  if (isLifetimeProduct(target)) throw new ApiError("invalid_request", "Lifetime is bought once, through checkout, not as a plan change.");
  return target;
}

async function priceOf(planKey: string): Promise<string> {
  const priceId = (await priceIdsByProduct())[planKey as keyof Awaited<ReturnType<typeof priceIdsByProduct>>];
  if (!priceId) throw new ApiError("price_not_found", `No Stripe price is set up for ${planKey}.`);
  return priceId;
}

function directionOf(current: Subscriber, target: PlanTier): "upgrade" | "downgrade" | "undo_downgrade" {
  if (isHigherTier(target, current.tier)) return "upgrade";
  if (isHigherTier(current.tier, target)) return "downgrade";
  if (current.scheduledTier) return "undo_downgrade";
  throw new ApiError("plan_unchanged", "That is already your plan.");
}

export async function previewPlanChange(userId: string, planKey: string): Promise<Change> {
  const target = targetPlan(planKey);
  const current = await subscriber(userId);
  const direction = directionOf(current, target.tier);
  if (direction === "downgrade") return { kind: "downgrade", effectiveAt: current.currentPeriodEnd?.toISOString() ?? null };
  if (direction === "undo_downgrade") return { kind: "undo_downgrade" };
  const prorationDate = Math.floor(Date.now() / 1000);
  const { amountDue, currency } = await previewPriceChange(current.subscription, await priceOf(target.key), prorationDate);
  return { kind: "upgrade", amountDue, currency, prorationDate };
}

function checkedProrationDate(prorationDate: number | undefined): number {
  const now = Math.floor(Date.now() / 1000);
  if (prorationDate === undefined) return now;
  if (prorationDate > now || now - prorationDate > PREVIEW_VALID_SECONDS) {
    throw new ApiError("invalid_request", "That price preview has expired. Review the change again to see the amount due now.");
  }
  return prorationDate;
}

export async function changePlan(userId: string, planKey: string, prorationDate?: number): Promise<Change> {
  const target = targetPlan(planKey);
  return withCheckoutLease(userId, async (lease) => {
    const current = await subscriber(userId);
    const direction = directionOf(current, target.tier);
    const priceId = await priceOf(target.key);
    lease.ensureTimeLeft();

    if (direction === "upgrade") {
      const date = checkedProrationDate(prorationDate);
      const preview = await previewPriceChange(current.subscription, priceId, date);
      await syncSubscriptionPlan(await changeSubscriptionPrice(current.subscription, priceId, { kind: "now", prorationDate: date }, lease.attempt));
      return { kind: "upgrade", ...preview, prorationDate: date };
    }

    // Recorded before Stripe changes the price, so a webhook for the change that arrives first
    // already finds the current tier kept until the period end.
    await recordScheduledTier(userId, direction === "downgrade" ? target.tier : null);
    try {
      const updated = await changeSubscriptionPrice(current.subscription, priceId, { kind: "next_period" }, lease.attempt);
      await syncSubscriptionPlan(updated);
      if (direction === "undo_downgrade") return { kind: "undo_downgrade" };
      return { kind: "downgrade", effectiveAt: subscriptionFacts(updated.value).currentPeriodEnd?.toISOString() ?? null };
    } catch (error) {
      await recordScheduledTier(userId, current.scheduledTier);
      throw error;
    }
  });
}
