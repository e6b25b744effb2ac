import type Stripe from "stripe";
import { env } from "@/lib/config/env";
import { ApiError } from "@/lib/http/api-error";
import { logger } from "@/lib/observability/logger";
import { STRIPE_API_VERSION } from "@/lib/stripe-gateway/api-version";
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

const versionsWarnedOf = new Set<string>();

/**
 * An event rendered in another API version means the endpoint was registered with another version
 * (or none, following the account's default). The store still acts correctly, since it re-reads
 * every object from Stripe in its own version before acting; the operator is told once per
 * version, so the endpoint can be registered again (README, Going live).
 */
export function warnOfOtherApiVersion(event: Stripe.Event): void {
  const version = event.api_version;
  if (!version || version === STRIPE_API_VERSION || versionsWarnedOf.has(version)) return;
  versionsWarnedOf.add(version);
  logger().warn({ eventId: event.id, eventApiVersion: version, storeApiVersion: STRIPE_API_VERSION }, "stripe webhook: event rendered in another API version; register the endpoint with the store's version");
}

export function isStripeConfigured(): boolean {
  return Boolean(env().STRIPE_SECRET_KEY);
}

/** Whether our key is a live-mode key: events of the other mode are not ours to act on. */
export function isLiveMode(): boolean {
  return /^(sk|rk)_live_/.test(env().STRIPE_SECRET_KEY ?? "");
}
