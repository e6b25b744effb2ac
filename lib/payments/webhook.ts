import type Stripe from "stripe";
import { db } from "@/lib/db";
import { findSessionIdForPaymentIntent, idOf, readCheckout } from "@/lib/payments/checkout-snapshot";
import { reverseRefunds, settleCheckout, syncSubscriptionPlan, type StripeEventRef } from "@/lib/payments/fulfilment";
import { stripe } from "@/lib/stripe";

// Routes a verified Stripe event to the fulfilment module. Whatever the event says, the state
// acted on is re-read from Stripe, so duplicates and any delivery order end in the same place.

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
  "customer.subscription.updated",
  "customer.subscription.deleted",
]);

type EventOutcome = "processed" | "duplicate" | "ignored";

function refOf(event: Stripe.Event, objectId: string | null): StripeEventRef {
  return { id: event.id, type: event.type, created: event.created, objectId };
}

export async function handleStripeEvent(event: Stripe.Event): Promise<EventOutcome> {
  if (!handledEventTypes.has(event.type)) return "ignored";
  // Cheap early exit for redeliveries; the insert in the fulfilment transaction is the real guard.
  if (await db.stripeEvent.findUnique({ where: { id: event.id }, select: { id: true } })) return "duplicate";

  if (event.type === "customer.subscription.updated" || event.type === "customer.subscription.deleted") {
    const { id } = event.data.object;
    await syncSubscriptionPlan(await stripe().subscriptions.retrieve(id), refOf(event, id));
    return "processed";
  }

  const sessionId = await checkoutSessionIdOf(event);
  if (!sessionId) return "ignored";

  if (event.type === "charge.refunded") {
    const charge = await stripe().charges.retrieve(event.data.object.id);
    const refunds = await stripe().refunds.list({ charge: charge.id, limit: 100 }).autoPagingToArray({ limit: 1000 });
    await reverseRefunds(await readCheckout(sessionId), charge, refunds, refOf(event, charge.id));
    return "processed";
  }

  const outcome = await settleCheckout(await readCheckout(sessionId), refOf(event, sessionId));
  if (outcome.kind === "duplicate_event") return "duplicate";
  return outcome.kind === "unknown_session" ? "ignored" : "processed";
}

async function checkoutSessionIdOf(event: Stripe.Event): Promise<string | null> {
  const object = event.data.object;
  switch (object.object) {
    case "checkout.session":
      return object.id;
    case "payment_intent":
      return sessionIdForPaymentIntent(object.id);
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
  return known?.checkoutSessionId ?? findSessionIdForPaymentIntent(paymentIntentId);
}
