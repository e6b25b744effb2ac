import type Stripe from "stripe";
import { db } from "@/lib/db";
import type { StripeEventRef } from "@/lib/payments/fulfilment/transaction";
import { applyDisputeFromStripe, applySubscriptionDisputeFromStripe, reverseRefundsFromStripe, settleCheckoutFromStripe, syncInvoiceFromStripe, syncSubscriptionFromStripe } from "@/lib/payments/settle";
import { idOf } from "@/lib/stripe-gateway/calls";
import { subscriptionOfPayment } from "@/lib/stripe-gateway/billing";
import { findCheckoutSessionIdForPaymentIntent } from "@/lib/stripe-gateway/checkout";
import { isLiveMode } from "@/lib/stripe-gateway/webhooks";

// Routes a verified Stripe event to the fulfilment module. Whatever the event says, the state
// acted on is re-read from Stripe, so duplicates and any delivery order end in the same place.
// An event that is not ours to act on (another mode, an object Stripe no longer has, a session
// another app created) is answered 2xx and logged: only our own failures may make Stripe retry.

const handledEventTypes = new Set<Stripe.Event.Type>([
  "checkout.session.completed",
  "checkout.session.expired",
  "checkout.session.async_payment_succeeded",
  "checkout.session.async_payment_failed",
  "payment_intent.succeeded",
  "payment_intent.payment_failed",
  "charge.succeeded",
  "charge.failed",
  "charge.refunded",
  "charge.refund.updated",
  "refund.updated",
  "refund.failed",
  "charge.dispute.created",
  "charge.dispute.updated",
  "charge.dispute.closed",
  "charge.dispute.funds_withdrawn",
  "charge.dispute.funds_reinstated",
  "customer.subscription.created",
  "customer.subscription.updated",
  "customer.subscription.deleted",
  "customer.subscription.paused",
  "customer.subscription.resumed",
  "invoice.paid",
  "invoice.payment_failed",
  "invoice.payment_action_required",
  "invoice.finalized",
]);

type EventOutcome = { outcome: "processed" | "duplicate" } | { outcome: "ignored"; reason: string };

const ignored = (reason: string): EventOutcome => ({ outcome: "ignored", reason });
const processed: EventOutcome = { outcome: "processed" };
const duplicate: EventOutcome = { outcome: "duplicate" };

function refOf(event: Stripe.Event, objectId: string | null): StripeEventRef {
  return { id: event.id, type: event.type, created: event.created, objectId };
}

export async function handleStripeEvent(event: Stripe.Event): Promise<EventOutcome> {
  if (!handledEventTypes.has(event.type)) return ignored("not an event type the storefront acts on");
  if (event.livemode !== isLiveMode()) {
    return ignored(`a ${event.livemode ? "live" : "test"}-mode event, but this app uses ${isLiveMode() ? "live" : "test"}-mode keys`);
  }
  // Cheap early exit for redeliveries; the insert in the fulfilment transaction is the real guard.
  if (await db.stripeEvent.findUnique({ where: { id: event.id }, select: { id: true } })) return duplicate;

  if (event.data.object.object === "subscription") {
    const { id } = event.data.object;
    const outcome = await syncSubscriptionFromStripe(id, refOf(event, id));
    if (outcome === "unknown_subscription") return ignored(`Stripe has no subscription ${id}`);
    return outcome === "duplicate" ? duplicate : processed;
  }

  if (event.data.object.object === "invoice") {
    const id = event.data.object.id ?? "";
    const outcome = await syncInvoiceFromStripe(id, refOf(event, id));
    if (outcome === "unknown_subscription") return ignored(`Stripe has no invoice ${id} or its subscription`);
    if (outcome === "not_a_subscription_invoice") return ignored(`invoice ${id} bills no subscription`);
    return outcome === "duplicate" ? duplicate : processed;
  }

  if (event.data.object.object === "dispute") return handleDispute(event, event.data.object);

  const sessionId = await checkoutSessionIdOf(event);
  if (!sessionId) return ignored("no Checkout Session of ours is behind it");

  const chargeId = refundedChargeOf(event);
  if (chargeId) {
    const outcome = await reverseRefundsFromStripe(chargeId, sessionId, refOf(event, chargeId));
    if (outcome === "unknown_object") return ignored(`Stripe has no charge ${chargeId} or session ${sessionId}`);
    return outcome === "duplicate" ? duplicate : processed;
  }

  const outcome = await settleCheckoutFromStripe(sessionId, refOf(event, sessionId));
  if (outcome.kind === "duplicate_event") return duplicate;
  return outcome.kind === "unknown_session" ? ignored(`session ${sessionId} is unknown here or at Stripe`) : processed;
}

/** A dispute on a checkout payment holds or takes back its goods; on a renewal, a lost one ends the plan. */
async function handleDispute(event: Stripe.Event, dispute: Stripe.Dispute): Promise<EventOutcome> {
  const paymentIntentId = idOf(dispute.payment_intent);
  if (!paymentIntentId) return ignored("the dispute names no payment");
  const ref = refOf(event, dispute.id);
  const sessionId = await sessionIdForPaymentIntent(paymentIntentId);
  const subscriptionId = sessionId ? null : await subscriptionOfPayment(paymentIntentId);
  if (!sessionId && !subscriptionId) return ignored("no payment of ours is behind it");
  const outcome = sessionId
    ? await applyDisputeFromStripe(dispute.id, sessionId, ref)
    : await applySubscriptionDisputeFromStripe(dispute.id, subscriptionId ?? "", ref);
  if (outcome === "unknown_object") return ignored(`Stripe has no dispute ${dispute.id} or what it disputes`);
  return outcome === "duplicate" ? duplicate : processed;
}

/** The charge whose refunds an event is about, for the events that change what was refunded. */
function refundedChargeOf(event: Stripe.Event): string | null {
  switch (event.type) {
    case "charge.refunded":
      return event.data.object.id;
    case "charge.refund.updated":
    case "refund.updated":
    case "refund.failed":
      return idOf(event.data.object.charge);
    default:
      return null;
  }
}

async function checkoutSessionIdOf(event: Stripe.Event): Promise<string | null> {
  const object = event.data.object;
  switch (object.object) {
    case "checkout.session":
      return object.id;
    case "payment_intent":
      return sessionIdForPaymentIntent(object.id);
    case "refund":
    case "charge": {
      const paymentIntentId = idOf(object.payment_intent);
      return paymentIntentId ? sessionIdForPaymentIntent(paymentIntentId) : null;
    }
    default:
      return null;
  }
}

async function sessionIdForPaymentIntent(paymentIntentId: string): Promise<string | null> {
  const known = await db.purchase.findFirst({ where: { paymentIntentId }, select: { checkoutSessionId: true } });
  return known?.checkoutSessionId ?? findCheckoutSessionIdForPaymentIntent(paymentIntentId);
}
