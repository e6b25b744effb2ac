import Stripe from "stripe";
import { stripe } from "@/lib/stripe-gateway/client";
import { call, expanded, idOf, read, toApiError, write } from "@/lib/stripe-gateway/calls";

// Checkout: the sessions, their payments and the customer they belong to.

export interface CheckoutSnapshot {
  session: Stripe.Checkout.Session;
  paymentIntent: Stripe.PaymentIntent | null;
  subscription: Stripe.Subscription | null;
  readStartedAt: Date;
  readFinishedAt: Date;
}

export async function readCheckout(sessionId: string): Promise<CheckoutSnapshot | null> {
  // The line items say what was bought at which price: goods go only for the catalog's own. The
  // promotion code is expanded for its text, recorded with what was paid.
  const snapshot = await read(() =>
    stripe().checkout.sessions.retrieve(sessionId, { expand: ["payment_intent", "subscription", "line_items", "discounts.promotion_code"] }),
  );
  if (!snapshot) return null;
  const session = snapshot.value;
  const unsettledSubscription = session.mode === "subscription" && session.status === "complete" && session.payment_status === "unpaid";
  return {
    session,
    paymentIntent: expanded(session.payment_intent) ?? (unsettledSubscription ? await firstInvoicePayment(idOf(session.invoice)) : null),
    subscription: expanded(session.subscription),
    readStartedAt: snapshot.readStartedAt,
    readFinishedAt: snapshot.readFinishedAt,
  };
}

async function firstInvoicePaymentId(invoiceId: string | null): Promise<string | null> {
  if (!invoiceId) return null;
  const { data } = await call(() => stripe().invoicePayments.list({ invoice: invoiceId, limit: 1 }));
  return idOf(data[0]?.payment.payment_intent);
}

/**
 * A subscription-mode session has no PaymentIntent of its own: a delayed first payment (a bank
 * debit) is the PaymentIntent of its first invoice, read through the invoice's payments.
 */
async function firstInvoicePayment(invoiceId: string | null): Promise<Stripe.PaymentIntent | null> {
  const paymentIntentId = await firstInvoicePaymentId(invoiceId);
  if (!paymentIntentId) return null;
  return (await read(() => stripe().paymentIntents.retrieve(paymentIntentId)))?.value ?? null;
}


/**
 * Stripe's own page for what a Checkout Session took: the charge's receipt for a one-time
 * payment, the first invoice's hosted page for a subscription (its payment is the invoice's, and
 * the session has no PaymentIntent). One call expands both; null when Stripe has no such page
 * (yet) or no such session.
 */
export async function readReceiptUrl(sessionId: string): Promise<string | null> {
  const snapshot = await read(() => stripe().checkout.sessions.retrieve(sessionId, { expand: ["payment_intent.latest_charge", "invoice"] }));
  if (!snapshot) return null;
  const session = snapshot.value;
  if (session.mode === "subscription") return expanded(session.invoice)?.hosted_invoice_url ?? null;
  return expanded(expanded(session.payment_intent)?.latest_charge)?.receipt_url ?? null;
}

/** The Checkout Session a PaymentIntent belongs to, if it came from Checkout. */
export async function findCheckoutSessionIdForPaymentIntent(paymentIntentId: string): Promise<string | null> {
  const { data } = await call(() => stripe().checkout.sessions.list({ payment_intent: paymentIntentId, limit: 1 }));
  return data[0]?.id ?? null;
}

export interface CheckoutSessionState {
  status: string | null;
  /** Stripe's payment page, for a hosted session. */
  url: string | null;
  /** What Stripe.js mounts an embedded session's form with. */
  clientSecret: string | null;
}

/** Where a session stands now (only Stripe knows if it is still open), and how it is paid. */
export async function checkoutSessionState(sessionId: string): Promise<CheckoutSessionState | null> {
  const snapshot = await read(() => stripe().checkout.sessions.retrieve(sessionId));
  return snapshot ? { status: snapshot.value.status, url: snapshot.value.url, clientSecret: snapshot.value.client_secret } : null;
}

export async function createCustomer(buyer: { id: string; email: string }, attempt: string): Promise<string> {
  const customer = await write(`customer:${buyer.id}:${attempt}`, (idempotencyKey) =>
    stripe().customers.create({ email: buyer.email, metadata: { userId: buyer.id } }, { idempotencyKey }),
  );
  return customer.id;
}

export async function createCheckoutSession(
  params: Stripe.Checkout.SessionCreateParams,
  attempt: string,
): Promise<Stripe.Checkout.Session> {
  return write(`checkout:${attempt}`, (idempotencyKey) => stripe().checkout.sessions.create(params, { idempotencyKey }));
}

/** Expires an open session; answers the session's status when it could not be expired. */
export async function expireCheckoutSession(sessionId: string): Promise<Stripe.Checkout.Session.Status | null> {
  try {
    await stripe().checkout.sessions.expire(sessionId);
    return "expired";
  } catch (error) {
    // Stripe refuses to expire a session that is no longer open: ask what it is instead.
    if (!(error instanceof Stripe.errors.StripeInvalidRequestError)) throw toApiError(error);
    const snapshot = await read(() => stripe().checkout.sessions.retrieve(sessionId));
    return snapshot?.value.status ?? null;
  }
}

/**
 * The PaymentIntent behind a Checkout Session (its own, or its first invoice's in subscription
 * mode), or the id itself when it already is one.
 */
export async function paymentIntentFor(sessionOrPaymentIntentId: string): Promise<string | null> {
  if (sessionOrPaymentIntentId.startsWith("pi_")) return sessionOrPaymentIntentId;
  const snapshot = await readCheckout(sessionOrPaymentIntentId);
  return snapshot?.paymentIntent?.id ?? (snapshot ? await firstInvoicePaymentId(idOf(snapshot.session.invoice)) : null);
}
