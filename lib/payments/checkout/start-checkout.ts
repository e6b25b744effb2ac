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
import { checkoutSessionState, createCheckoutSession, createCustomer, expireCheckoutSession, type CheckoutSessionState } from "@/lib/stripe-gateway/checkout-sessions";
import type { CheckoutUi } from "@/lib/stripe-gateway/stripe-js";

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

/**
 * `locale`: the language Stripe's Checkout speaks, the buyer's own on the storefront. `ui`: paid on
 * Stripe's page (answered with its url) or in the store's page (answered with the client secret
 * Stripe.js mounts the form with); an open session is resumed only in the UI it was made for.
 */
export async function startCheckout(buyer: Buyer, priceId: string, origin: string, locale: CheckoutLocale = "auto", ui: CheckoutUi = "hosted"): Promise<CheckoutStart> {
  const entry = await findCatalogPrice(priceId);
  if (!entry) throw new ApiError("price_not_found", `No product in the catalog has price ${priceId}.`);
  if (entry.price.currency !== "usd") {
    throw new ApiError("currency_not_supported", `Price ${priceId} is in ${entry.price.currency.toUpperCase()}; only USD is supported.`);
  }
  const { product } = entry;

  return withCheckoutLease(buyer.id, async (lease) => {
    if (product.kind === "plan") await refuseSecondPlan(buyer.id, product);

    const reusable = product.kind === "plan" ? await resolvePlanCheckouts(lease, buyer.id, product, ui) : await reusablePackSession(lease, buyer.id, product, ui);
    if (reusable) return reusable;

    const customer = await ensureCustomer(lease, buyer);
    const trialDays = await trialDaysFor(buyer.id, product);
    lease.ensureTimeLeft();
    const session = await createCheckoutSession(sessionParams({ customer, buyer, product, priceId, origin, locale, trialDays, ui }), lease.attempt);
    const started = resumable({ status: session.status, url: session.url, clientSecret: session.client_secret }, session.id, ui);
    if (!started) throw new ApiError("stripe_unavailable", "Stripe returned a session without a way to pay it.");
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
    return started;
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

/** How to go on paying an open session in `ui`; null when it is not open, or was made for the other UI. */
function resumable(state: CheckoutSessionState | null, sessionId: string, ui: CheckoutUi): CheckoutStart | null {
  if (state?.status !== "open") return null;
  if (ui === "embedded") return state.clientSecret ? { clientSecret: state.clientSecret, sessionId } : null;
  return state.url ? { url: state.url, sessionId } : null;
}

function stillPayable(expiresAt: Date): boolean {
  return expiresAt.getTime() > Date.now() + REUSE_MARGIN_MS;
}

async function reusablePackSession(lease: CheckoutLease, userId: string, product: Product, ui: CheckoutUi): Promise<CheckoutStart | null> {
  const open = await db.purchase.findFirst({
    where: { userId, productKey: product.key, status: { in: ["unpaid", "failed"] }, fulfilledAt: null, expiresAt: { gt: new Date(Date.now() + REUSE_MARGIN_MS) } },
    orderBy: { createdAt: "desc" },
  });
  if (!open) return null;
  // Our row may be stale (an expiry webhook not yet delivered): only Stripe knows if it is open.
  lease.ensureTimeLeft();
  return resumable(await checkoutSessionState(open.checkoutSessionId), open.checkoutSessionId, ui);
}

/**
 * Before a plan checkout, every earlier plan checkout of the buyer's that Stripe may still
 * complete is looked at, so that no buyer can end up paying for two plans: the chosen plan's open
 * session is reused, any other open one is expired, and one the buyer already completed (its
 * webhook not yet in) is settled now, after which the new checkout is refused.
 */
async function resolvePlanCheckouts(lease: CheckoutLease, userId: string, chosen: Product, ui: CheckoutUi): Promise<CheckoutStart | null> {
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
    const resumed: CheckoutStart | null = !reusable && purchase.productKey === chosen.key && stillPayable(purchase.expiresAt) ? resumable(state, purchase.checkoutSessionId, ui) : null;
    if (resumed) {
      reusable = resumed;
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
  ui: CheckoutUi;
}

function sessionParams({ customer, buyer, product, priceId, origin, locale, trialDays, ui }: SessionChoices): Stripe.Checkout.SessionCreateParams {
  const metadata = { userId: buyer.id, productKey: product.key };
  const mode = checkoutModeOf(product);
  return {
    mode,
    line_items: [{ price: priceId, quantity: 1 }],
    customer,
    client_reference_id: buyer.id,
    metadata,
    ...(mode === "subscription" ? { subscription_data: { metadata, ...trialData(trialDays) } } : { payment_intent_data: { metadata } }),
    ...pagesFor(ui, origin),
    locale,
    ...checkoutSessionExtras(),
  };
}

/**
 * Where the buyer goes after paying: the success page either way. A hosted page also has a way
 * back (cancel_url); an embedded form is in the store's page already, and Stripe refuses both URLs for it.
 */
function pagesFor(ui: CheckoutUi, origin: string): Partial<Stripe.Checkout.SessionCreateParams> {
  const success = `${origin}/success?session_id={CHECKOUT_SESSION_ID}`;
  if (ui === "embedded") return { ui_mode: "embedded_page", return_url: success };
  return { ui_mode: "hosted_page", success_url: success, cancel_url: `${origin}/cancel` };
}

/**
 * A trial still takes the card (Checkout's default for subscriptions), so it can become a paid
 * month; should the card be gone by the trial's end, the subscription is canceled, not left unpaid.
 */
function trialData(trialDays: number | null): Partial<Stripe.Checkout.SessionCreateParams.SubscriptionData> {
  if (!trialDays) return {};
  return { trial_period_days: trialDays, trial_settings: { end_behavior: { missing_payment_method: "cancel" } } };
}
