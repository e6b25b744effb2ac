import type Stripe from "stripe";
import { isPlanPurchase } from "@/lib/catalog/plan-policy";
import { db } from "@/lib/db";
import { settleCheckout } from "@/lib/payments/fulfilment/fulfil-checkout";
import { applyDispute, reverseRefunds } from "@/lib/payments/fulfilment/money-back";
import { endPlanForLostDispute, syncSubscriptionPlan, type PaidInvoice } from "@/lib/payments/fulfilment/plan-sync";
import type { StripeEventRef } from "@/lib/payments/fulfilment/transaction";
import { retireSupersededSubscription } from "@/lib/payments/plans/replaced-subscription";
import { cancelOtherSubscriptions } from "@/lib/payments/plans/one-subscription";
import { idOf } from "@/lib/stripe-gateway/calls";
import { cancelSubscriptionNow, latestPaidRenewal, readSubscription, readSubscriptionInvoice, retriesSpent } from "@/lib/stripe-gateway/billing";
import { readCheckout } from "@/lib/stripe-gateway/checkout-sessions";
import { readChargeWithRefunds, readDispute } from "@/lib/stripe-gateway/charges-and-disputes";
import { logger } from "@/lib/observability/logger";

// Read Stripe, then apply what it says: the webhook, the status route and reconciliation all come
// through here. The read happens before any transaction opens; when fulfilment finds the snapshot
// may be older than what another reader stored meanwhile (lib/payments/freshness.ts), it is read
// again. A second read begins after the stored one ended, so more than one retry means Stripe
// changed the object that often in between; past that, the caller's own retry takes over.

const READS = 3;

/** Reads and applies until the snapshot applied was fresh, at most READS times. */
async function untilFresh<T>(what: string, readAndApply: () => Promise<T | "stale">): Promise<T> {
  for (let read = 0; read < READS; read++) {
    const outcome = await readAndApply();
    if (outcome !== "stale") return outcome;
  }
  throw new Error(`${what} changed under ${READS} consecutive reads; try again`);
}

type Settled = Exclude<Awaited<ReturnType<typeof settleCheckout>>, { kind: "stale" }>;

export async function settleCheckoutFromStripe(sessionId: string, event?: StripeEventRef): Promise<Settled> {
  let subscriptionId: string | null = null;
  const outcome = await untilFresh(`checkout session ${sessionId}`, async (): Promise<Settled | "stale"> => {
    const snapshot = await readCheckout(sessionId);
    if (!snapshot) return { kind: "unknown_session" };
    subscriptionId = idOf(snapshot.session.subscription);
    const settled = await settleCheckout(snapshot, event);
    return settled.kind === "stale" ? "stale" : settled;
  });
  if (outcome.kind !== "settled") return outcome;
  // After the transaction, and never undoing it: the goods are delivered either way, and what
  // fails here is finished by the next event or reconciliation.
  if (outcome.deliveredNow && isPlanPurchase(outcome.productKey)) await afterPlanGranted(outcome.userId);
  if (outcome.status === "failed" && subscriptionId) {
    // A subscription whose first payment failed must not collect later without a plan here.
    await cancelSubscriptionNow(subscriptionId);
  }
  return outcome;
}

async function afterPlanGranted(userId: string): Promise<void> {
  await retireSupersededSubscription(userId).catch((error: unknown) => logger().error({ err: error, userId }, "plans: could not retire the replaced subscription yet"));
  await cancelOtherSubscriptions(userId).catch((error: unknown) => logger().error({ err: error, userId }, "plans: could not cancel the other subscriptions yet"));
}

type Synced = Exclude<Awaited<ReturnType<typeof syncSubscriptionPlan>>, "stale"> | "unknown_subscription";

export async function syncSubscriptionFromStripe(subscriptionId: string, event?: StripeEventRef, paidInvoice?: PaidInvoice): Promise<Synced> {
  let read: Stripe.Subscription | undefined;
  const outcome = await untilFresh(`subscription ${subscriptionId}`, async () => {
    const snapshot = await readSubscription(subscriptionId);
    read = snapshot?.value;
    return snapshot ? syncSubscriptionPlan(snapshot, event, paidInvoice) : "unknown_subscription";
  });
  if (read && (await billingHasStopped(read))) {
    await cancelSubscriptionNow(subscriptionId);
    return syncSubscriptionFromStripe(subscriptionId);
  }
  return outcome;
}

/**
 * However the store's Dashboard ends failed renewals, a subscription that can no longer be paid
 * automatically (unpaid, paused, or past_due with every retry spent) ends its plan and is canceled,
 * so paying its open invoice later cannot bill for a plan the buyer no longer has.
 */
async function billingHasStopped(subscription: Stripe.Subscription): Promise<boolean> {
  if (subscription.status === "unpaid" || subscription.status === "paused") return true;
  if (subscription.status !== "past_due") return false;
  const latest = idOf(subscription.latest_invoice);
  return latest !== null && (await retriesSpent(latest));
}

/**
 * Reconciliation's look at a subscription: with it, the paid invoice for its latest period, so a
 * renewal whose invoice.paid never arrived still renews the allowance (once per invoice, as the
 * webhook would).
 */
export async function resyncSubscriptionFromStripe(subscriptionId: string): Promise<Synced> {
  const renewal = await latestPaidRenewal(subscriptionId);
  const paid = renewal?.periodEnd ? { id: renewal.id, periodEnd: renewal.periodEnd } : undefined;
  return syncSubscriptionFromStripe(subscriptionId, undefined, paid);
}

/** An invoice event: the subscription it bills is re-read, and a paid invoice renews the allowance. */
export async function syncInvoiceFromStripe(invoiceId: string, event: StripeEventRef): Promise<Synced | "not_a_subscription_invoice"> {
  const invoice = await readSubscriptionInvoice(invoiceId);
  if (!invoice) return "unknown_subscription";
  if (!invoice.subscriptionId) return "not_a_subscription_invoice";
  const paid = invoice.paid && invoice.periodEnd ? { id: invoice.id, periodEnd: invoice.periodEnd } : undefined;
  return syncSubscriptionFromStripe(invoice.subscriptionId, event, paid);
}

/**
 * A refund or dispute can be the first Stripe tells us of a payment (events come in any order).
 * The payment is settled first, as its own event would settle it, so that a plan it grants also
 * replaces the subscription it betters (afterPlanGranted); money-back's transaction would deliver
 * the goods without that, leaving the old subscription billing the new plan's owner.
 */
async function settleFirst(sessionId: string): Promise<void> {
  const purchase = await db.purchase.findUnique({ where: { checkoutSessionId: sessionId }, select: { fulfilledAt: true } });
  if (!purchase?.fulfilledAt) await settleCheckoutFromStripe(sessionId);
}

export async function reverseRefundsFromStripe(
  chargeId: string,
  sessionId: string,
  event?: StripeEventRef,
): Promise<"applied" | "unchanged" | "duplicate" | "unknown_object"> {
  await settleFirst(sessionId);
  return untilFresh(`charge ${chargeId}`, async () => {
    const [charge, checkout] = await Promise.all([readChargeWithRefunds(chargeId), readCheckout(sessionId)]);
    return charge && checkout ? reverseRefunds(checkout, charge, event) : "unknown_object";
  });
}

export async function applyDisputeFromStripe(
  disputeId: string,
  sessionId: string,
  event?: StripeEventRef,
): Promise<"applied" | "unchanged" | "duplicate" | "unknown_object"> {
  await settleFirst(sessionId);
  return untilFresh(`dispute ${disputeId}`, async () => {
    const [dispute, checkout] = await Promise.all([readDispute(disputeId), readCheckout(sessionId)]);
    return dispute && checkout ? applyDispute(checkout, dispute, event) : "unknown_object";
  });
}

/** A dispute on a subscription's payment: if it is lost, the plan ends and the subscription with it. */
export async function applySubscriptionDisputeFromStripe(
  disputeId: string,
  subscriptionId: string,
  event?: StripeEventRef,
): Promise<"applied" | "unchanged" | "duplicate" | "unknown_object"> {
  const dispute = await readDispute(disputeId);
  if (!dispute) return "unknown_object";
  if (dispute.status !== "lost") return "unchanged";
  // Canceled at Stripe first: if that fails, nothing is recorded and Stripe's retry does it all.
  await cancelSubscriptionNow(subscriptionId);
  const ended = await endPlanForLostDispute(subscriptionId, event);
  if (ended === "duplicate") return "duplicate";
  return ended === true ? "applied" : "unchanged";
}
