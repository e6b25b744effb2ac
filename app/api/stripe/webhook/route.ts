import type Stripe from "stripe";
import { env } from "@/lib/config/env";
import { ApiError } from "@/lib/http/api-error";
import { apiRoute } from "@/lib/http/api-route";
import { logger } from "@/lib/observability/logger";
import { recordWebhookEvent } from "@/lib/observability/metrics";
import { handleStripeEvent } from "@/lib/payments/webhook/handle-stripe-event";
import { readTextWithin, WEBHOOK_BODY_LIMIT } from "@/lib/http/request-body";
import { verifyWebhookEvent, warnOfOtherApiVersion } from "@/lib/stripe-gateway/webhooks";

// Stripe signs the exact bytes it sends, so the body is read raw and verified before anything
// else. Our own failure to record an effect (or Stripe being unreachable for the re-read) answers
// 5xx, which makes Stripe deliver the event again; anything else answers 2xx or 4xx.

function isEvent(value: unknown): value is Stripe.Event {
  if (typeof value !== "object" || value === null) return false;
  const { id, type, data } = value as Record<string, unknown>;
  const object = typeof data === "object" && data !== null ? (data as Record<string, unknown>).object : undefined;
  return typeof id === "string" && typeof type === "string" && typeof object === "object" && object !== null;
}

async function receive(request: Request): Promise<Response> {
  const secret = env().STRIPE_WEBHOOK_SECRET;
  if (!secret) throw new ApiError("stripe_not_configured", "STRIPE_WEBHOOK_SECRET is not set.");
  // An unsigned request is refused before its body is read, however big it claims to be.
  const signature = request.headers.get("stripe-signature");
  if (!signature) throw new ApiError("invalid_signature", "The Stripe-Signature header is missing.");

  const event: unknown = verifyWebhookEvent(await readTextWithin(request, WEBHOOK_BODY_LIMIT), signature, secret);
  if (!isEvent(event)) throw new ApiError("invalid_request", "The signed body is not a Stripe event.");
  warnOfOtherApiVersion(event);

  const started = performance.now();
  const seconds = () => (performance.now() - started) / 1000;
  try {
    const result = await handleStripeEvent(event);
    recordWebhookEvent(event.type, result.outcome, seconds());
    const fields = { eventId: event.id, eventType: event.type, outcome: result.outcome };
    if (result.outcome === "ignored") logger().info({ ...fields, reason: result.reason }, "stripe webhook: event ignored");
    else logger().info(fields, "stripe webhook: event handled");
    return Response.json({ received: true, outcome: result.outcome });
  } catch (error) {
    recordWebhookEvent(event.type, "failed", seconds());
    logger().error({ err: error, eventId: event.id, eventType: event.type }, "stripe webhook: event failed; Stripe will retry");
    if (error instanceof ApiError && (error.code === "stripe_unavailable" || error.code === "event_in_progress")) throw error;
    throw new ApiError("internal_error", "The event could not be processed; it will be retried.");
  }
}

// Not rate limited: Stripe delivers from a few addresses, in bursts, and a refused delivery is
// retried and, after days of refusals, the endpoint disabled. Unsigned requests cost nothing.
export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = apiRoute({ POST: receive }, { serverToServer: true, rateLimit: "none" });
