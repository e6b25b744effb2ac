import type Stripe from "stripe";
import { stripe } from "@/lib/stripe";

// Money decisions are made on what Stripe says now, never on an event payload or a redirect:
// events arrive late, twice, or out of order, and a redirect can be forged.

export interface CheckoutSnapshot {
  session: Stripe.Checkout.Session;
  paymentIntent: Stripe.PaymentIntent | null;
  subscription: Stripe.Subscription | null;
}

function expanded<T extends { id: string }>(value: string | T | null | undefined): T | null {
  return value && typeof value === "object" ? value : null;
}

export async function readCheckout(sessionId: string): Promise<CheckoutSnapshot> {
  const session = await stripe().checkout.sessions.retrieve(sessionId, {
    expand: ["payment_intent", "subscription"],
  });
  return {
    session,
    paymentIntent: expanded(session.payment_intent),
    subscription: expanded(session.subscription),
  };
}

/** The Checkout Session a PaymentIntent belongs to, if it came from Checkout. */
export async function findSessionIdForPaymentIntent(paymentIntentId: string): Promise<string | null> {
  const { data } = await stripe().checkout.sessions.list({ payment_intent: paymentIntentId, limit: 1 });
  return data[0]?.id ?? null;
}

export function idOf(value: string | { id: string } | null | undefined): string | null {
  if (!value) return null;
  return typeof value === "string" ? value : value.id;
}
