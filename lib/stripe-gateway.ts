import Stripe from "stripe";
import { env } from "@/lib/env";
import { ApiError } from "@/lib/errors";
import { stripe } from "@/lib/stripe";

// The only app code that talks to Stripe. Reads return timed snapshots (the fulfilment module
// uses the timing to refuse stale ones) or null when Stripe has no such object; writes carry
// idempotency keys scoped to one logical attempt; Stripe's errors become the API's errors here
// and nowhere else.

export interface Snapshot<T> {
  value: T;
  /** Our clock when the request was sent: Stripe's answer reflects its state at or after this. */
  readStartedAt: Date;
  /** Our clock when the answer arrived: Stripe's state at or before this. */
  readFinishedAt: Date;
}

export interface CheckoutSnapshot {
  session: Stripe.Checkout.Session;
  paymentIntent: Stripe.PaymentIntent | null;
  subscription: Stripe.Subscription | null;
  readStartedAt: Date;
  readFinishedAt: Date;
}

/** The Stripe error codes the public API passes on, under its own names. */
const stripeCodeToApiCode = {
  amount_too_small: "amount_too_small",
  amount_too_large: "amount_too_large",
  currency_not_supported: "currency_not_supported",
  invalid_currency: "currency_not_supported",
} as const;

/** Stripe could not be reached or failed on its side: worth retrying later. */
function isOutage(error: unknown): boolean {
  return (
    error instanceof Stripe.errors.StripeConnectionError ||
    error instanceof Stripe.errors.StripeAPIError ||
    error instanceof Stripe.errors.StripeRateLimitError
  );
}

function isMissing(error: unknown): boolean {
  return error instanceof Stripe.errors.StripeInvalidRequestError && error.code === "resource_missing";
}

/** Stripe answered with the stored result of an earlier request with the same idempotency key. */
function isReplayedFailure(error: unknown): boolean {
  if (error instanceof Stripe.errors.StripeIdempotencyError) return true;
  if (!(error instanceof Stripe.errors.StripeError)) return false;
  const headers = error.headers as Record<string, string | undefined> | undefined;
  return headers?.["idempotent-replayed"] === "true";
}

/** Every Stripe failure leaves this module as an ApiError: the one mapping of Stripe's errors. */
function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  if (isOutage(error)) {
    return new ApiError("stripe_unavailable", "Payments are temporarily unavailable. Please try again in a minute.");
  }
  if (error instanceof Stripe.errors.StripeAuthenticationError || error instanceof Stripe.errors.StripePermissionError) {
    console.error("stripe: the API key was refused", error.message);
    return new ApiError("stripe_not_configured", "Payments are not set up correctly. Please try again later.");
  }
  if (error instanceof Stripe.errors.StripeCardError) {
    return new ApiError("payment_declined", error.message || "Your card was declined.");
  }
  if (error instanceof Stripe.errors.StripeError && error.code && error.code in stripeCodeToApiCode) {
    return new ApiError(stripeCodeToApiCode[error.code as keyof typeof stripeCodeToApiCode], error.message);
  }
  console.error("stripe: unexpected error", error);
  return new ApiError("stripe_unavailable", "Payments could not be completed right now. Please try again in a minute.");
}

async function call<T>(request: () => Promise<T>): Promise<T> {
  try {
    return await request();
  } catch (error) {
    throw toApiError(error);
  }
}

/** A read that answers null for an object Stripe does not have (deleted, or another account's). */
async function read<T>(request: () => Promise<T>): Promise<Snapshot<T> | null> {
  const readStartedAt = new Date();
  try {
    const value = await request();
    return { value, readStartedAt, readFinishedAt: new Date() };
  } catch (error) {
    if (isMissing(error)) return null;
    throw toApiError(error);
  }
}

/**
 * A write under an idempotency key that names one logical attempt, so the SDK's own network
 * retries cannot create two objects. If Stripe replays a stored failure for that key (it keeps
 * them for 24 h), the attempt is over: one fresh key is tried before giving up.
 */
async function write<T>(key: string, request: (idempotencyKey: string) => Promise<T>): Promise<T> {
  try {
    return await request(key);
  } catch (error) {
    if (!isReplayedFailure(error)) throw toApiError(error);
    return call(() => request(`${key}:retry`));
  }
}

function expanded<T extends { id: string }>(value: string | T | null | undefined): T | null {
  return value && typeof value === "object" ? value : null;
}

export function idOf(value: string | { id: string } | null | undefined): string | null {
  if (!value) return null;
  return typeof value === "string" ? value : value.id;
}

// ---- reads ----

export async function readCheckout(sessionId: string): Promise<CheckoutSnapshot | null> {
  const snapshot = await read(() => stripe().checkout.sessions.retrieve(sessionId, { expand: ["payment_intent", "subscription"] }));
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

/** The Checkout Session a PaymentIntent belongs to, if it came from Checkout. */
export async function findCheckoutSessionIdForPaymentIntent(paymentIntentId: string): Promise<string | null> {
  const { data } = await call(() => stripe().checkout.sessions.list({ payment_intent: paymentIntentId, limit: 1 }));
  return data[0]?.id ?? null;
}

export async function readSubscription(subscriptionId: string): Promise<Snapshot<Stripe.Subscription> | null> {
  return read(() => stripe().subscriptions.retrieve(subscriptionId));
}

/** Refunds and disputes created since `since` (unix seconds), newest first: reconciliation's list. */
export async function listMoneyTakenBackSince(since: number): Promise<{ refunds: Stripe.Refund[]; disputes: Stripe.Dispute[] }> {
  const [refunds, disputes] = await Promise.all([
    call(() => stripe().refunds.list({ created: { gte: since }, limit: 100 }).autoPagingToArray({ limit: 10_000 })),
    call(() => stripe().disputes.list({ created: { gte: since }, limit: 100 }).autoPagingToArray({ limit: 10_000 })),
  ]);
  return { refunds, disputes };
}

export async function readDispute(disputeId: string): Promise<Stripe.Dispute | null> {
  return (await read(() => stripe().disputes.retrieve(disputeId)))?.value ?? null;
}

/** A subscription invoice: which subscription it bills, whether it is paid, and for which period. */
export async function readSubscriptionInvoice(
  invoiceId: string,
): Promise<{ id: string; subscriptionId: string | null; paid: boolean; periodEnd: Date | null } | null> {
  const snapshot = await read(() => stripe().invoices.retrieve(invoiceId));
  if (!snapshot) return null;
  const invoice = snapshot.value;
  // A subscription invoice's own period_* is the period just ended; the period paid for is its
  // plan line's (proration lines, listed first, cover part of the period before).
  const planLine = invoice.lines.data.find((line) => !line.parent?.subscription_item_details?.proration);
  const linePeriodEnd = planLine?.period.end;
  return {
    id: invoice.id ?? invoiceId,
    subscriptionId: idOf(invoice.parent?.subscription_details?.subscription),
    paid: invoice.status === "paid",
    periodEnd: linePeriodEnd ? new Date(linePeriodEnd * 1000) : null,
  };
}

export async function readChargeWithRefunds(chargeId: string): Promise<{ charge: Stripe.Charge; refunds: Stripe.Refund[] } | null> {
  const charge = await read(() => stripe().charges.retrieve(chargeId));
  if (!charge) return null;
  const refunds = await call(() => stripe().refunds.list({ charge: chargeId, limit: 100 }).autoPagingToArray({ limit: 10_000 }));
  return { charge: charge.value, refunds };
}

/** Where a session stands now (only Stripe knows if it is still open) and its payment page. */
export async function checkoutSessionState(sessionId: string): Promise<{ status: string | null; url: string | null } | null> {
  const snapshot = await read(() => stripe().checkout.sessions.retrieve(sessionId));
  return snapshot ? { status: snapshot.value.status, url: snapshot.value.url } : null;
}

export async function listPricesByLookupKey(lookupKeys: string[], options: { activeOnly: boolean }): Promise<Stripe.Price[]> {
  const { data } = await call(() =>
    stripe().prices.list({ lookup_keys: lookupKeys, limit: 100, ...(options.activeOnly && { active: true }) }),
  );
  return data;
}

export async function retrievePrice(priceId: string): Promise<Stripe.Price | null> {
  return (await read(() => stripe().prices.retrieve(priceId)))?.value ?? null;
}

// ---- writes ----

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

/** What changing a subscription's price now would charge at once, prorated to `prorationDate`. */
export async function previewPriceChange(
  subscription: Stripe.Subscription,
  priceId: string,
  prorationDate: number,
): Promise<{ amountDue: number; currency: string }> {
  const item = subscription.items.data[0];
  if (!item) throw new ApiError("stripe_unavailable", "The subscription has no item to change.");
  const preview = await call(() =>
    stripe().invoices.createPreview({
      customer: idOf(subscription.customer) ?? undefined,
      subscription: subscription.id,
      subscription_details: { items: [{ id: item.id, price: priceId }], proration_behavior: "always_invoice", proration_date: prorationDate },
    }),
  );
  return { amountDue: preview.amount_due, currency: preview.currency };
}

/**
 * Moves a subscription to another price. `now`: prorated and charged at once, and if the charge
 * fails nothing changes (error_if_incomplete). `next_period`: no proration; the new price is
 * billed from the next renewal.
 */
export async function changeSubscriptionPrice(
  subscription: Stripe.Subscription,
  priceId: string,
  when: { kind: "now"; prorationDate: number } | { kind: "next_period" },
  attempt: string,
): Promise<Snapshot<Stripe.Subscription>> {
  const item = subscription.items.data[0];
  if (!item) throw new ApiError("stripe_unavailable", "The subscription has no item to change.");
  const readStartedAt = new Date();
  try {
    const value = await write(`plan-change:${attempt}`, (idempotencyKey) =>
      stripe().subscriptions.update(
        subscription.id,
        when.kind === "now"
          ? { items: [{ id: item.id, price: priceId }], proration_behavior: "always_invoice", proration_date: when.prorationDate, payment_behavior: "error_if_incomplete" }
          : { items: [{ id: item.id, price: priceId }], proration_behavior: "none" },
        { idempotencyKey },
      ),
    );
    return { value, readStartedAt, readFinishedAt: new Date() };
  } catch (error) {
    throw error instanceof ApiError ? error : toApiError(error);
  }
}

/** Ends a subscription at once (a Lifetime purchase replaced it). */
export async function cancelSubscriptionNow(subscriptionId: string): Promise<void> {
  try {
    await stripe().subscriptions.cancel(subscriptionId);
  } catch (error) {
    // Already canceled (or gone): the outcome wanted.
    if (!isMissing(error)) throw toApiError(error);
  }
}

/** The latest paid invoice's payment of a subscription, to refund from. */
export async function latestSubscriptionPayment(subscriptionId: string): Promise<{ paymentIntentId: string; amountPaid: number } | null> {
  const { data } = await call(() => stripe().invoices.list({ subscription: subscriptionId, status: "paid", limit: 1, expand: ["data.payments"] }));
  const invoice = data[0];
  const paymentIntentId = idOf(invoice?.payments?.data[0]?.payment.payment_intent);
  return invoice && paymentIntentId ? { paymentIntentId, amountPaid: invoice.amount_paid } : null;
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

/** An operator's refund: a new logical attempt each time it is asked for. */
export async function refundPayment(paymentIntentId: string, amount: number | undefined, attempt: string): Promise<Stripe.Refund> {
  return write(`refund:${attempt}`, (idempotencyKey) =>
    stripe().refunds.create({ payment_intent: paymentIntentId, ...(amount !== undefined && { amount }) }, { idempotencyKey }),
  );
}

/**
 * Refunds part of a payment once per `reason`: the refund carries it in its metadata, and an
 * existing refund with it is found first, so a retry days later (when Stripe has pruned the
 * idempotency key) still refunds only once.
 */
export async function refundPaymentOnce(paymentIntentId: string, amount: number, reason: string): Promise<void> {
  const existing = await call(() => stripe().refunds.list({ payment_intent: paymentIntentId, limit: 100 }));
  if (existing.data.some((refund) => refund.metadata?.reason === reason && refund.status !== "failed" && refund.status !== "canceled")) return;
  await write(`refund:${reason}`, (idempotencyKey) =>
    stripe().refunds.create({ payment_intent: paymentIntentId, amount, metadata: { reason } }, { idempotencyKey }),
  );
}

/** A billing portal session; `updateCard` opens it straight on the card form (a failed renewal). */
export async function createBillingPortalSession(customerId: string, returnUrl: string, updateCard: boolean): Promise<string> {
  const session = await call(() =>
    stripe().billingPortal.sessions.create({
      customer: customerId,
      return_url: returnUrl,
      ...(updateCard && { flow_data: { type: "payment_method_update" } }),
    }),
  );
  return session.url;
}

export async function createCatalogProduct(params: Stripe.ProductCreateParams, key: string): Promise<Stripe.Product> {
  return write(`product:${key}`, (idempotencyKey) => stripe().products.create(params, { idempotencyKey }));
}

export async function createCatalogPrice(params: Stripe.PriceCreateParams, key: string): Promise<Stripe.Price> {
  return write(`price:${key}`, (idempotencyKey) => stripe().prices.create(params, { idempotencyKey }));
}

// ---- webhooks ----

/** The verified event, or an invalid_signature error; nothing in the body is trusted before this. */
export function verifyWebhookEvent(payload: string, signature: string, secret: string): Stripe.Event {
  try {
    return stripe().webhooks.constructEvent(payload, signature, secret);
  } catch (error) {
    if (error instanceof ApiError) throw error;
    throw new ApiError("invalid_signature", "The Stripe-Signature header does not match the payload.");
  }
}

export function isStripeConfigured(): boolean {
  return Boolean(env().STRIPE_SECRET_KEY);
}

/** Whether our key is a live-mode key: events of the other mode are not ours to act on. */
export function isLiveMode(): boolean {
  return /^(sk|rk)_live_/.test(env().STRIPE_SECRET_KEY ?? "");
}
