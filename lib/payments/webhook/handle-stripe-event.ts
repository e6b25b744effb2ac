import { setTimeout as sleep } from "node:timers/promises";
import type Stripe from "stripe";
import { sql } from "@/lib/db";
import type { PaymentStatus, SubscriptionStatus } from "@/lib/generated/prisma/enums";
import { isFinalSubscriptionStatus } from "@/lib/payments/plans/subscription-facts";
import { onceClaimed, type ClaimedOutcome } from "@/lib/payments/webhook/event-claims";
import { handledEventTypes } from "@/lib/payments/webhook/handled-events";
import type { StripeEventRef } from "@/lib/payments/fulfilment/transaction";
import { applyDisputeFromStripe, applySubscriptionDisputeFromStripe, reverseRefundsFromStripe, settleCheckoutFromStripe, syncInvoiceFromStripe, syncSubscriptionFromStripe } from "@/lib/payments/apply-stripe-state";
import { idOf } from "@/lib/stripe-gateway/calls";
import { isSettled } from "@/lib/payments/status/derive-status";
import { subscriptionOfPayment } from "@/lib/stripe-gateway/billing";
import { findCheckoutSessionIdForPaymentIntent } from "@/lib/stripe-gateway/checkout-sessions";
import { isLiveMode } from "@/lib/stripe-gateway/webhooks";

// Routes a verified Stripe event to the fulfilment module. Whatever the event says, the state
// acted on is re-read from Stripe, so duplicates and any delivery order end in the same place.
// An event that is not ours to act on (another mode, an object Stripe no longer has, a session
// another app created) is answered 2xx and logged: only our own failures may make Stripe retry.

type EventOutcome = ClaimedOutcome;

const ignored = (reason: string): EventOutcome => ({ outcome: "ignored", reason });
const processed: EventOutcome = { outcome: "processed" };
const duplicate: EventOutcome = { outcome: "duplicate" };

export async function handleStripeEvent(event: Stripe.Event): Promise<EventOutcome> {
  if (!handledEventTypes.has(event.type)) return ignored("not an event type the storefront acts on");
  if (event.livemode !== isLiveMode()) {
    return ignored(`a ${event.livemode ? "live" : "test"}-mode event, but this app uses ${isLiveMode() ? "live" : "test"}-mode keys`);
  }
  return onceClaimed(event, (claim) => route(event, (objectId) => ({ id: event.id, type: event.type, created: event.created, objectId, claim })));
}

type RefOf = (objectId: string | null) => StripeEventRef;

/** Acts on an event this delivery holds the claim on; the state acted on is re-read from Stripe. */
async function route(event: Stripe.Event, refOf: RefOf): Promise<EventOutcome> {
  if (event.data.object.object === "subscription") {
    const { id } = event.data.object;
    if (await subscriptionHasEnded(id)) return ignored(`subscription ${id} has ended, and nothing changes an ended subscription`);
    const outcome = await syncSubscriptionFromStripe(id, refOf(id));
    if (outcome === "unknown_subscription") return ignored(`Stripe has no subscription ${id}`);
    return outcome === "duplicate" ? duplicate : processed;
  }

  if (event.data.object.object === "invoice") {
    const id = event.data.object.id ?? "";
    // Which subscription it bills is fixed when the invoice is made: the event's word is enough to route it.
    const billed = idOf(event.data.object.parent?.subscription_details?.subscription);
    if (billed && (await subscriptionHasEnded(billed))) return ignored(`invoice ${id} bills subscription ${billed}, which has ended`);
    const outcome = await syncInvoiceFromStripe(id, refOf(id));
    if (outcome === "unknown_subscription") return ignored(`Stripe has no invoice ${id} or its subscription`);
    if (outcome === "not_a_subscription_invoice") return ignored(`invoice ${id} bills no subscription`);
    return outcome === "duplicate" ? duplicate : processed;
  }

  if (event.data.object.object === "dispute") return handleDispute(event.data.object, refOf);

  const checkout = await checkoutOf(event);
  if (!checkout) return ignored("no Checkout Session of ours is behind it");
  const { sessionId } = checkout;

  const chargeId = refundedChargeOf(event);
  if (!chargeId && checkout.settled) {
    // A paid or expired checkout never changes again (lib/payments/freshness.ts), so the payment's
    // own events (sent alongside checkout.session.completed) need no read of Stripe.
    return ignored(`checkout ${sessionId} is already settled`);
  }
  if (chargeId) {
    const outcome = await reverseRefundsFromStripe(chargeId, sessionId, refOf(chargeId));
    if (outcome === "unknown_object") return ignored(`Stripe has no charge ${chargeId} or session ${sessionId}`);
    return outcome === "duplicate" ? duplicate : processed;
  }

  const outcome = await settleCheckoutFromStripe(sessionId, refOf(sessionId));
  if (outcome.kind === "duplicate_event") return duplicate;
  return outcome.kind === "unknown_session" ? ignored(`session ${sessionId} is unknown here or at Stripe`) : processed;
}

/** A dispute on a checkout payment holds or takes back its goods; on a renewal, a lost one ends the plan. */
async function handleDispute(dispute: Stripe.Dispute, refOf: RefOf): Promise<EventOutcome> {
  const paymentIntentId = idOf(dispute.payment_intent);
  if (!paymentIntentId) return ignored("the dispute names no payment");
  const ref = refOf(dispute.id);
  const sessionId = (await checkoutOfPayment(paymentIntentId))?.sessionId;
  const subscriptionId = sessionId ? null : await subscriptionOfPayment(paymentIntentId);
  if (!sessionId && !subscriptionId) return ignored("no payment of ours is behind it");
  const outcome = sessionId
    ? await applyDisputeFromStripe(dispute.id, sessionId, ref)
    : await applySubscriptionDisputeFromStripe(dispute.id, subscriptionId ?? "", ref);
  if (outcome === "unknown_object") return ignored(`Stripe has no dispute ${dispute.id} or what it disputes`);
  return outcome === "duplicate" ? duplicate : processed;
}

/**
 * A canceled (or expired) subscription never changes again (stripe-facts.md §7), so once its end
 * is stored here, every later event about it is answered from the database: one indexed read
 * instead of a Stripe read and a transaction, for each event of a lifecycle Stripe delivers late.
 */
async function subscriptionHasEnded(subscriptionId: string): Promise<boolean> {
  const [stored] = await sql<{ status: SubscriptionStatus }>(`SELECT status FROM subscription_state WHERE id = $1`, [subscriptionId]);
  return stored !== undefined && isFinalSubscriptionStatus(stored.status);
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

/** The Checkout Session an event is about, and whether it is known here to be settled already. */
interface CheckoutBehind {
  sessionId: string;
  settled: boolean;
}

async function checkoutOf(event: Stripe.Event): Promise<CheckoutBehind | null> {
  const object = event.data.object;
  switch (object.object) {
    case "checkout.session":
      // Its own events are what settle it: always read.
      return { sessionId: object.id, settled: false };
    case "payment_intent":
      return checkoutOfPayment(object.id);
    case "refund":
    case "charge": {
      const paymentIntentId = idOf(object.payment_intent);
      return paymentIntentId ? checkoutOfPayment(paymentIntentId) : null;
    }
    default:
      return null;
  }
}

/**
 * Stripe sends a Checkout payment's own events (payment_intent.*, charge.*) together with the
 * session's, and it is the session's event (or the buyer's status check) that links the payment
 * to its purchase here. A payment event that finds no link yet waits for it a moment, a few cheap
 * reads, before asking Stripe which session the payment belongs to: at the busiest moment of a
 * purchase, that saves two Stripe calls and a second settlement.
 */
const LINK_CHECKS_MS = [0, 100, 200, 300, 400];

async function checkoutOfPayment(paymentIntentId: string): Promise<CheckoutBehind | null> {
  for (const pause of LINK_CHECKS_MS) {
    if (pause > 0) await sleep(pause);
    const [known] = await sql<{ checkoutSessionId: string; status: PaymentStatus }>(
      `SELECT "checkoutSessionId", status FROM purchase WHERE "paymentIntentId" = $1 LIMIT 1`,
      [paymentIntentId],
    );
    if (known) return { sessionId: known.checkoutSessionId, settled: isSettled(known.status) };
  }
  const sessionId = await findCheckoutSessionIdForPaymentIntent(paymentIntentId);
  return sessionId ? { sessionId, settled: false } : null;
}
