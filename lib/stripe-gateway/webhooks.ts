import type Stripe from "stripe";
import { env } from "@/lib/config/env";
import { ApiError } from "@/lib/http/api-error";
import { stripe } from "@/lib/stripe-gateway/client";

// Which Stripe this app talks to, and the verification of what Stripe sends it.

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
