import type Stripe from "stripe";
import { env } from "@/lib/env";
import { ApiError, errorResponse } from "@/lib/errors";
import { handleStripeEvent } from "@/lib/payments/webhook";
import { stripe } from "@/lib/stripe";

// Stripe signs the exact bytes it sends, so the body is read raw and verified before anything
// else. A failure to record the effect answers 500, which makes Stripe deliver the event again.
export async function POST(request: Request): Promise<Response> {
  const secret = env().STRIPE_WEBHOOK_SECRET;
  if (!secret) return errorResponse(new ApiError("stripe_not_configured", "STRIPE_WEBHOOK_SECRET is not set."));

  const payload = await request.text();
  let event: Stripe.Event;
  try {
    event = stripe().webhooks.constructEvent(payload, request.headers.get("stripe-signature") ?? "", secret);
  } catch (error) {
    if (error instanceof ApiError) return errorResponse(error);
    return errorResponse(new ApiError("invalid_signature", "The Stripe-Signature header does not match the payload."));
  }

  try {
    const outcome = await handleStripeEvent(event);
    if (outcome === "ignored") console.info(`stripe webhook: ignored ${event.type} ${event.id}`);
    return Response.json({ received: true, outcome });
  } catch (error) {
    console.error(`stripe webhook: ${event.type} ${event.id} failed; Stripe will retry`, error);
    return errorResponse(new ApiError("internal_error", "The event could not be processed; it will be retried."));
  }
}
