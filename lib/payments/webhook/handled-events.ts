import type Stripe from "stripe";

// Its own module, so the launcher and the bench can subscribe the sandbox to these without loading
// the webhook handler, its database pool and the Stripe client.

/** The events a production webhook endpoint subscribes to (README, Going live); the rest are answered 2xx and ignored. */
export const handledEventTypes: ReadonlySet<Stripe.Event.Type> = new Set<Stripe.Event.Type>([
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
  // Three days before a trial ends: the subscription is read again (its trial end may have moved).
  "customer.subscription.trial_will_end",
  "invoice.paid",
  "invoice.payment_failed",
  "invoice.payment_action_required",
  "invoice.finalized",
]);
