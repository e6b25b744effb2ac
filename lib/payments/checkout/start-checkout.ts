import type Stripe from "stripe";
import type { CheckoutStarted } from "@/lib/api-contract/checkout-api";
import { checkoutModeOf, isSubscriptionTier, purchaseRefusal } from "@/lib/catalog/plan-policy";
import { plans, type Product } from "@/lib/catalog/products";
import { db } from "@/lib/db";
import { recordCheckoutCreated } from "@/lib/observability/metrics";
import { rememberStripeCustomer, stripeCustomerOf } from "@/lib/payments/stripe-customer";
import { ApiError } from "@/lib/http/api-error";
import type { PlanTier } from "@/lib/generated/prisma/enums";
import { withCheckoutLease, type CheckoutLease } from "@/lib/payments/checkout/checkout-lease";
import { trialDaysFor } from "@/lib/payments/checkout/trial";
import { findCatalogPrice } from "@/lib/catalog/stripe-prices";
import { settleCheckoutFromStripe } from "@/lib/payments/apply-stripe-state";
import { checkoutSessionExtras } from "@/lib/payments/checkout/session-extras";
import { checkoutSessionState, createCheckoutSession, createCustomer, expireCheckoutSession } from "@/lib/stripe-gateway/checkout-sessions";

// Starts (or resumes) a Stripe Checkout for one catalog price. A user's checkout starts take
// turns under a lease (lib/payments/checkout/checkout-lease.ts), so a double click, or twenty clicks on two
// app instances, can neither open two payments for the same thing nor create two Stripe
// customers; Stripe is called with no database transaction open, so a slow Stripe never holds a
// connection other requests need.

type CheckoutStart = CheckoutStarted;

export interface Buyer {
  id: string;
  email: string;
}

/** An open session is reused only while the buyer still has time to finish paying on it. */
const REUSE_MARGIN_MS = 10 * 60_000;

/** `locale`: the language Stripe's Checkout page speaks, the buyer's own on the storefront. */
export async function startCheckout(buyer: Buyer, priceId: string, origin: string, locale: CheckoutLocale = "auto"): Promise<CheckoutStart> {
  const entry = await findCatalogPrice(priceId);
  if (!entry) throw new ApiError("price_not_found", `No product in the catalog has price ${priceId}.`);
  if (entry.price.currency !== "usd") {
    throw new ApiError("currency_not_supported", `Price ${priceId} is in ${entry.price.currency.toUpperCase()}; only USD is supported.`);
  }
  const { product } = entry;

  return withCheckoutLease(buyer.id, async (lease) => {
    if (product.kind === "plan") await refuseSecondPlan(buyer.id, product);

    const reusable = product.kind === "plan" ? await resolvePlanCheckouts(lease, buyer.id, product) : await reusablePackSession(lease, buyer.id, product);
    if (reusable) return reusable;

    const customer = await ensureCustomer(lease, buyer);
    const trialDays = await trialDaysFor(buyer.id, product);
    lease.ensureTimeLeft();
    const session = await createCheckoutSession(sessionParams({ customer, buyer, product, priceId, origin, locale, trialDays }), lease.attempt);
    if (!session.url) throw new ApiError("stripe_unavailable", "Stripe returned a session without a payment page.");
    // A row recovered from the session's metadata by an early webhook may already be there.
    await db.purchase.createMany({
      data: [
        {
          checkoutSessionId: session.id,
          userId: buyer.id,
          productKey: product.key,
          mode: session.mode === "subscription" ? "subscription" : "payment",
          amountCents: session.amount_total ?? product.cents,
          currency: session.currency ?? product.currency,
          checkoutUrl: session.url,
          expiresAt: new Date(session.expires_at * 1000),
        },
      ],
      skipDuplicates: true,
    });
    recordCheckoutCreated(product.key);
    return { url: session.url, sessionId: session.id };
  });
}

const planKeys: string[] = plans.map((p) => p.key);

function paymentBeingConfirmed(productKey: string): ApiError {
  const name = plans.find((p) => p.key === productKey)?.name ?? "a plan";
  return new ApiError(
    "plan_already_active",
    `Your payment for ${name} is still being confirmed. You can choose another plan if it does not go through.`,
  );
}

function alreadyHavePlan(tier: PlanTier): ApiError {
  const what = isSubscriptionTier(tier) ? "an active subscription" : "the Lifetime plan";
  return new ApiError("plan_already_active", `You already have ${what}. Manage it from your account instead of buying another plan.`);
}

/** One plan at a time (lib/catalog/plan-policy.ts), and none while another plan's payment settles. */
async function refuseSecondPlan(userId: string, wanted: Product): Promise<void> {
  const plan = await db.plan.findUnique({ where: { userId } });
  if (plan && purchaseRefusal(wanted, plan.status === "active" ? plan.tier : null)) throw alreadyHavePlan(plan.tier);
  // Only a completed checkout whose payment is still settling (a bank debit) blocks: one still
  // open (a 3-D Secure challenge left unanswered) is reused or expired like any open checkout.
  const settling = await db.purchase.findFirst({
    where: { userId, productKey: { in: planKeys }, status: "processing", sessionStatus: "complete", fulfilledAt: null },
  });
  if (settling) throw paymentBeingConfirmed(settling.productKey);
}

function stillPayable(expiresAt: Date): boolean {
  return expiresAt.getTime() > Date.now() + REUSE_MARGIN_MS;
}

async function reusablePackSession(lease: CheckoutLease, userId: string, product: Product): Promise<CheckoutStart | null> {
  const open = await db.purchase.findFirst({
    where: { userId, productKey: product.key, status: { in: ["unpaid", "failed"] }, fulfilledAt: null, expiresAt: { gt: new Date(Date.now() + REUSE_MARGIN_MS) } },
    orderBy: { createdAt: "desc" },
  });
  if (!open) return null;
  // Our row may be stale (an expiry webhook not yet delivered): only Stripe knows if it is open.
  lease.ensureTimeLeft();
  const state = await checkoutSessionState(open.checkoutSessionId);
  return state?.status === "open" && state.url ? { url: state.url, sessionId: open.checkoutSessionId } : null;
}

/**
 * Before a plan checkout, every earlier plan checkout of the buyer's that Stripe may still
 * complete is looked at, so that no buyer can end up paying for two plans: the chosen plan's open
 * session is reused, any other open one is expired, and one the buyer already completed (its
 * webhook not yet in) is settled now, after which the new checkout is refused.
 */
async function resolvePlanCheckouts(lease: CheckoutLease, userId: string, chosen: Product): Promise<CheckoutStart | null> {
  const earlier = await db.purchase.findMany({
    where: {
      userId,
      productKey: { in: planKeys },
      OR: [{ status: { in: ["unpaid", "failed"] } }, { status: "processing", sessionStatus: { not: "complete" } }],
      fulfilledAt: null,
      expiresAt: { gt: new Date() },
    },
    orderBy: { createdAt: "desc" },
  });
  let reusable: CheckoutStart | null = null;
  for (const purchase of earlier) {
    lease.ensureTimeLeft();
    const state = await checkoutSessionState(purchase.checkoutSessionId);
    const canReuse = !reusable && purchase.productKey === chosen.key && stillPayable(purchase.expiresAt);
    if (state?.status === "open" && state.url && canReuse) {
      reusable = { url: state.url, sessionId: purchase.checkoutSessionId };
      continue;
    }
    const status = state?.status === "open" ? await expireCheckoutSession(purchase.checkoutSessionId) : state?.status;
    if (status !== "complete") continue;
    const settled = await settleCheckoutFromStripe(purchase.checkoutSessionId);
    if (settled.kind === "settled" && settled.status === "failed") continue;
    const plan = await db.plan.findUnique({ where: { userId } });
    // The plan just settled may still allow this one (Lifetime over the subscription it paid for).
    if (plan?.status === "active" && !purchaseRefusal(chosen, plan.tier)) continue;
    throw plan?.status === "active" ? alreadyHavePlan(plan.tier) : paymentBeingConfirmed(purchase.productKey);
  }
  return reusable;
}

async function ensureCustomer(lease: CheckoutLease, buyer: Buyer): Promise<string> {
  const existing = await stripeCustomerOf(buyer.id);
  if (existing) return existing;
  lease.ensureTimeLeft();
  const created = await createCustomer(buyer, lease.attempt);
  // Only a start whose lease had lapsed can get here second; the first customer recorded wins and
  // the other, which has no payment method or subscription, is left unused.
  return rememberStripeCustomer(buyer.id, created);
}

type CheckoutLocale = Stripe.Checkout.SessionCreateParams.Locale;

interface SessionChoices {
  customer: string;
  buyer: Buyer;
  product: Product;
  priceId: string;
  origin: string;
  locale: CheckoutLocale;
  /** The buyer's trial (lib/payments/checkout/trial.ts); null for none. */
  trialDays: number | null;
}

function sessionParams({ customer, buyer, product, priceId, origin, locale, trialDays }: SessionChoices): Stripe.Checkout.SessionCreateParams {
  const metadata = { userId: buyer.id, productKey: product.key };
  const mode = checkoutModeOf(product);
  return {
    mode,
    line_items: [{ price: priceId, quantity: 1 }],
    customer,
    client_reference_id: buyer.id,
    metadata,
    ...(mode === "subscription" ? { subscription_data: { metadata, ...trialData(trialDays) } } : { payment_intent_data: { metadata } }),
    success_url: `${origin}/success?session_id={CHECKOUT_SESSION_ID}`,
    cancel_url: `${origin}/cancel`,
    locale,
    ...checkoutSessionExtras(),
  };
}

/**
 * A trial still takes the card (Checkout's default for subscriptions), so it can become a paid
 * month; should the card be gone by the trial's end, the subscription is canceled, not left unpaid.
 */
function trialData(trialDays: number | null): Partial<Stripe.Checkout.SessionCreateParams.SubscriptionData> {
  if (!trialDays) return {};
  return { trial_period_days: trialDays, trial_settings: { end_behavior: { missing_payment_method: "cancel" } } };
}
