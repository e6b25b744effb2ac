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
import { changeSubscriptionPrice, previewPriceChange, readSubscription } from "@/lib/stripe-gateway/billing";
import { releaseSchedule, scheduledPrice, scheduleLowerPrice } from "@/lib/stripe-gateway/schedules";
import { logger } from "@/lib/observability/logger";

// A subscriber moves between monthly plans in the app, always on the one subscription they have:
// - up: prorated and charged at once (the amount shown first comes from Stripe's own preview,
//   and the change uses the same proration date); if the charge fails, nothing changes;
// - down: a subscription schedule keeps today's price to the period end and bills the lower one
//   from the renewal, and the current tier stays in force until then ("changes to X on <date>");
//   choosing the current plan again releases the schedule, and so does an upgrade meanwhile, which
//   is then prorated from the price actually paid.
// When Stripe's answer is lost, what Stripe has is read back and stored, never guessed.
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
    const date = direction === "upgrade" ? checkedProrationDate(prorationDate) : 0;
    lease.ensureTimeLeft();
    try {
      if (direction === "upgrade") {
        await releaseSchedule(current.subscription);
        const preview = await previewPriceChange(current.subscription, priceId, date);
        await syncSubscriptionPlan(await changeSubscriptionPrice(current.subscription, priceId, date, lease.attempt));
        await recordScheduledTier(userId, null);
        return { kind: "upgrade", ...preview, prorationDate: date };
      }
      if (direction === "undo_downgrade") {
        await releaseSchedule(current.subscription);
        await recordScheduledTier(userId, null);
        return { kind: "undo_downgrade" };
      }
      await scheduleLowerPrice(current.subscription, priceId, lease.attempt);
      await recordScheduledTier(userId, target.tier);
      return { kind: "downgrade", effectiveAt: current.currentPeriodEnd?.toISOString() ?? null };
    } catch (error) {
      await storeWhatStripeHas(userId, current).catch((reread: unknown) => logger().error({ err: reread, userId, subscriptionId: current.subscription.id }, "plans: could not read the subscription back"));
      throw error;
    }
  });
}

/** After a change whose outcome is unknown: Stripe's subscription and schedule, as they are. */
async function storeWhatStripeHas(userId: string, current: Subscriber): Promise<void> {
  const snapshot = await readSubscription(current.subscription.id);
  if (!snapshot) return;
  await syncSubscriptionPlan(snapshot);
  const scheduled = await scheduledPrice(snapshot.value);
  const prices = await priceIdsByProduct();
  const scheduledTier = plans.find((plan) => prices[plan.key as keyof typeof prices] === scheduled)?.tier ?? null;
  const { tier } = await db.plan.findUniqueOrThrow({ where: { userId }, select: { tier: true } });
  await recordScheduledTier(userId, scheduledTier && isHigherTier(tier, scheduledTier) ? scheduledTier : null);
}
