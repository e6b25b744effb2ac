import Stripe from "stripe";
import { plans, type Product } from "@/lib/catalog";
import { db, type Tx } from "@/lib/db";
import { ApiError } from "@/lib/errors";
import { findCatalogPrice } from "@/lib/payments/prices";
import { isStripeOutage, stripe } from "@/lib/stripe";

// Starts (or resumes) a Stripe Checkout for one catalog price. All of a user's checkout starts
// run one at a time under a per-user database lock, so a double click can neither open two
// payments for the same thing nor create two Stripe customers.

interface CheckoutStart {
  url: string;
  sessionId: string;
}

export interface Buyer {
  id: string;
  email: string;
}

/** An open session is reused only while the buyer still has time to finish paying on it. */
const REUSE_MARGIN_MS = 10 * 60_000;

export async function startCheckout(buyer: Buyer, priceId: string, origin: string): Promise<CheckoutStart> {
  const entry = await findCatalogPrice(priceId).catch(rethrowStripe);
  if (!entry) throw new ApiError("price_not_found", `No product in the catalog has price ${priceId}.`);
  if (entry.price.currency !== "usd") {
    throw new ApiError("currency_not_supported", `Price ${priceId} is in ${entry.price.currency.toUpperCase()}; only USD is supported.`);
  }
  const { product } = entry;

  return db.$transaction(
    async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${buyer.id}, 0))`;
      if (product.kind === "plan") await refuseSecondPlan(tx, buyer.id);

      const reusable = await reusableSession(tx, buyer.id, product);
      if (reusable) return reusable;
      if (product.kind === "plan") await expireOtherPlanCheckouts(tx, buyer.id, product.key);

      const customer = await ensureCustomer(tx, buyer);
      const session = await createSession(customer, buyer, product, priceId, origin);
      if (!session.url) throw new ApiError("stripe_unavailable", "Stripe returned a session without a payment page.");
      await tx.purchase.create({
        data: {
          checkoutSessionId: session.id,
          userId: buyer.id,
          productKey: product.key,
          mode: session.mode === "subscription" ? "subscription" : "payment",
          amountCents: session.amount_total ?? product.cents,
          currency: session.currency ?? product.currency,
          checkoutUrl: session.url,
          expiresAt: new Date(session.expires_at * 1000),
        },
      });
      return { url: session.url, sessionId: session.id };
    },
    { timeout: 30_000, maxWait: 30_000 },
  );
}

const planKeys: string[] = plans.map((p) => p.key);

function paymentBeingConfirmed(productKey: string): ApiError {
  const name = plans.find((p) => p.key === productKey)?.name ?? "a plan";
  return new ApiError(
    "plan_already_active",
    `Your payment for ${name} is still being confirmed. You can choose another plan if it does not go through.`,
  );
}

async function refuseSecondPlan(tx: Tx, userId: string): Promise<void> {
  const plan = await tx.plan.findUnique({ where: { userId } });
  if (plan?.status === "active") {
    const what = plan.tier === "lifetime" ? "the Lifetime plan" : "an active subscription";
    throw new ApiError("plan_already_active", `You already have ${what}. Manage it from your account instead of buying another plan.`);
  }
  const settling = await tx.purchase.findFirst({
    where: { userId, productKey: { in: planKeys }, status: "processing", fulfilledAt: null },
  });
  if (settling) throw paymentBeingConfirmed(settling.productKey);
}

async function reusableSession(tx: Tx, userId: string, product: Product): Promise<CheckoutStart | null> {
  const open = await tx.purchase.findFirst({
    where: {
      userId,
      productKey: product.key,
      status: { in: ["unpaid", "failed"] },
      fulfilledAt: null,
      expiresAt: { gt: new Date(Date.now() + REUSE_MARGIN_MS) },
    },
    orderBy: { createdAt: "desc" },
  });
  if (!open) return null;
  // Our row may be stale (an expiry webhook not yet delivered): only Stripe knows if it is open.
  const session = await stripe().checkout.sessions.retrieve(open.checkoutSessionId).catch(rethrowStripe);
  if (session.status !== "open" || !session.url) return null;
  return { url: session.url, sessionId: session.id };
}

/**
 * Choosing another plan abandons the earlier plan checkout, so two plans can never both be paid.
 * One that the buyer already completed (its webhook not yet in) cannot be abandoned: refuse.
 */
async function expireOtherPlanCheckouts(tx: Tx, userId: string, chosenKey: string): Promise<void> {
  const others = await tx.purchase.findMany({
    where: {
      userId,
      productKey: { in: planKeys.filter((key) => key !== chosenKey) },
      status: { in: ["unpaid", "failed"] },
      fulfilledAt: null,
      expiresAt: { gt: new Date() },
    },
  });
  for (const other of others) {
    try {
      await stripe().checkout.sessions.expire(other.checkoutSessionId);
    } catch (error) {
      if (!(error instanceof Stripe.errors.StripeInvalidRequestError)) rethrowStripe(error);
      const session = await stripe().checkout.sessions.retrieve(other.checkoutSessionId).catch(rethrowStripe);
      if (session.status === "complete") throw paymentBeingConfirmed(other.productKey);
    }
  }
}

async function ensureCustomer(tx: Tx, buyer: Buyer): Promise<string> {
  const user = await tx.user.findUniqueOrThrow({ where: { id: buyer.id }, select: { stripeCustomerId: true } });
  if (user.stripeCustomerId) return user.stripeCustomerId;
  // The idempotency key makes a retry after a crash get the same customer back from Stripe.
  const customer = await stripe()
    .customers.create(
      { email: buyer.email, metadata: { userId: buyer.id } },
      { idempotencyKey: `storefront-customer-${buyer.id}` },
    )
    .catch(rethrowStripe);
  await tx.user.update({ where: { id: buyer.id }, data: { stripeCustomerId: customer.id } });
  return customer.id;
}

async function createSession(
  customer: string,
  buyer: Buyer,
  product: Product,
  priceId: string,
  origin: string,
): Promise<Stripe.Checkout.Session> {
  const metadata = { userId: buyer.id, productKey: product.key };
  const subscription = product.kind === "plan" && product.interval !== null;
  return stripe()
    .checkout.sessions.create({
      mode: subscription ? "subscription" : "payment",
      line_items: [{ price: priceId, quantity: 1 }],
      customer,
      client_reference_id: buyer.id,
      metadata,
      ...(subscription ? { subscription_data: { metadata } } : { payment_intent_data: { metadata } }),
      success_url: `${origin}/success?session_id={CHECKOUT_SESSION_ID}`,
      cancel_url: `${origin}/cancel`,
    })
    .catch(rethrowStripe);
}

const stripeCodeToApiCode = {
  amount_too_small: "amount_too_small",
  amount_too_large: "amount_too_large",
  currency_not_supported: "currency_not_supported",
  invalid_currency: "currency_not_supported",
} as const;

function rethrowStripe(error: unknown): never {
  if (error instanceof ApiError) throw error;
  if (isStripeOutage(error)) {
    throw new ApiError("stripe_unavailable", "Payments are temporarily unavailable. Please try again in a minute.");
  }
  if (error instanceof Stripe.errors.StripeError && error.code && error.code in stripeCodeToApiCode) {
    const code = stripeCodeToApiCode[error.code as keyof typeof stripeCodeToApiCode];
    throw new ApiError(code, error.message);
  }
  throw error;
}
