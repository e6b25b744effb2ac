import type Stripe from "stripe";
import { ApiError } from "@/lib/http/api-error";
import { stripe } from "@/lib/stripe-gateway/client";
import { call, idOf, isMissing, read, toApiError, write, type Snapshot } from "@/lib/stripe-gateway/calls";

// Subscriptions over time: reading them and their invoices, changing plans, the billing portal.

export async function readSubscription(subscriptionId: string): Promise<Snapshot<Stripe.Subscription> | null> {
  return read(() => stripe().subscriptions.retrieve(subscriptionId));
}

interface SubscriptionInvoice {
  id: string;
  subscriptionId: string | null;
  paid: boolean;
  /** The end of the period its plan line pays for; null for an invoice of prorations only. */
  periodEnd: Date | null;
}

function subscriptionInvoiceOf(invoice: Stripe.Invoice, invoiceId: string): SubscriptionInvoice {
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

/** A subscription invoice: which subscription it bills, whether it is paid, and for which period. */
export async function readSubscriptionInvoice(invoiceId: string): Promise<SubscriptionInvoice | null> {
  const snapshot = await read(() => stripe().invoices.retrieve(invoiceId));
  return snapshot ? subscriptionInvoiceOf(snapshot.value, invoiceId) : null;
}

/** An invoice Stripe tried to collect and will not try again: its automatic retries are spent. */
export async function retriesSpent(invoiceId: string): Promise<boolean> {
  const invoice = (await read(() => stripe().invoices.retrieve(invoiceId)))?.value;
  return invoice?.status === "open" && invoice.attempt_count > 0 && invoice.next_payment_attempt === null;
}

/** The paid invoice that pays for the latest period (not an upgrade's proration invoice), if any. */
export async function latestPaidRenewal(subscriptionId: string): Promise<SubscriptionInvoice | null> {
  const { data } = await call(() => stripe().invoices.list({ subscription: subscriptionId, status: "paid", limit: 5 }));
  const renewals = data.map((invoice) => subscriptionInvoiceOf(invoice, invoice.id ?? "")).filter((invoice) => invoice.periodEnd !== null);
  return renewals.sort((a, b) => (b.periodEnd?.getTime() ?? 0) - (a.periodEnd?.getTime() ?? 0))[0] ?? null;
}

const ended: ReadonlySet<string> = new Set(["canceled", "incomplete_expired"]);

/** A customer's subscriptions that have not ended (an incomplete one may still be paid). */
export async function liveSubscriptionsOfCustomer(customerId: string): Promise<Stripe.Subscription[]> {
  const { data } = await call(() => stripe().subscriptions.list({ customer: customerId, status: "all", limit: 100 }));
  return data.filter((subscription) => !ended.has(subscription.status));
}

/** Subscriptions Stripe has made since `since` (unix seconds) that have not ended, for reconciliation to adopt. */
export async function liveSubscriptionsSince(since: number): Promise<{ id: string; checkoutSessionId: string | null }[]> {
  const subscriptions = await call(() => stripe().subscriptions.list({ status: "all", created: { gte: since }, limit: 100 }).autoPagingToArray({ limit: 10_000 }));
  const live = subscriptions.filter((subscription) => !ended.has(subscription.status));
  return Promise.all(
    live.map(async (subscription) => {
      const { data } = await call(() => stripe().checkout.sessions.list({ subscription: subscription.id, limit: 1 }));
      return { id: subscription.id, checkoutSessionId: data[0]?.id ?? null };
    }),
  );
}

/**
 * A trial is a taste of the plan it came with, not of every plan: a price change during it ends
 * it, so the new price is charged from today (in full, since nothing was paid for the trial).
 */
function endingTrial(subscription: Stripe.Subscription): { trial_end?: "now" } {
  return subscription.status === "trialing" ? { trial_end: "now" } : {};
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
      subscription_details: { items: [{ id: item.id, price: priceId }], proration_behavior: "always_invoice", proration_date: prorationDate, ...endingTrial(subscription) },
    }),
  );
  return { amountDue: preview.amount_due, currency: preview.currency };
}

/**
 * Moves a subscription to another price now, prorated to `prorationDate` and charged at once; if
 * the charge fails nothing changes (error_if_incomplete). A later change is a schedule's
 * (lib/stripe-gateway/schedules.ts).
 */
export async function changeSubscriptionPrice(
  subscription: Stripe.Subscription,
  priceId: string,
  prorationDate: number,
  attempt: string,
): Promise<Snapshot<Stripe.Subscription>> {
  const item = subscription.items.data[0];
  if (!item) throw new ApiError("stripe_unavailable", "The subscription has no item to change.");
  const readStartedAt = new Date();
  try {
    const value = await write(`plan-change:${attempt}`, (idempotencyKey) =>
      stripe().subscriptions.update(
        subscription.id,
        { items: [{ id: item.id, price: priceId }], proration_behavior: "always_invoice", proration_date: prorationDate, payment_behavior: "error_if_incomplete", ...endingTrial(subscription) },
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

/** The subscription a payment paid an invoice of, if any (renewal payments have no Checkout Session). */
export async function subscriptionOfPayment(paymentIntentId: string): Promise<string | null> {
  const { data } = await call(() =>
    stripe().invoicePayments.list({ payment: { type: "payment_intent", payment_intent: paymentIntentId }, limit: 1 }),
  );
  const invoiceId = idOf(data[0]?.invoice);
  if (!invoiceId) return null;
  const invoice = await read(() => stripe().invoices.retrieve(invoiceId));
  return idOf(invoice?.value.parent?.subscription_details?.subscription);
}

/** The charge a payment made, to refund from; null for a payment with none (not paid) or unknown to Stripe. */
export async function chargeOfPayment(paymentIntentId: string): Promise<string | null> {
  const snapshot = await read(() => stripe().paymentIntents.retrieve(paymentIntentId));
  return idOf(snapshot?.value.latest_charge);
}

/** Ends a subscription when its paid period ends (an operator's cancellation); one change per `attempt`. */
export async function cancelSubscriptionAtPeriodEnd(subscriptionId: string, attempt: string): Promise<Snapshot<Stripe.Subscription>> {
  const readStartedAt = new Date();
  const value = await write(`cancel-at-period-end:${attempt}`, (idempotencyKey) =>
    stripe().subscriptions.update(subscriptionId, { cancel_at_period_end: true }, { idempotencyKey }),
  );
  return { value, readStartedAt, readFinishedAt: new Date() };
}
