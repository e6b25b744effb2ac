import type { Deps } from "../core/deps";
import { newId } from "../core/ids";
import { docUrl, type ErrorBody } from "../http/errors";
import { buildCharge, type Charge, type ChargeOutcome } from "../objects/charge";
import type { PaymentIntent } from "../objects/payment-intent";
import { chargeDetailsFor, type PaymentMethod } from "../objects/payment-method";
import { openDispute } from "./disputes";
import { afterPaymentOf, type Decline } from "./test-cards";

/** The charge lifecycle behind one confirmation attempt of a PaymentIntent. */

function newCharge(deps: Deps, pi: PaymentIntent, pm: PaymentMethod): Charge {
  return deps.store.insert(
    buildCharge({
      id: newId("ch"),
      now: deps.clock.now(),
      amount: pi.amount,
      currency: pi.currency,
      customer: pi.customer,
      paymentIntent: pi.id,
      paymentMethod: pm.id,
      paymentMethodDetails: chargeDetailsFor(pm, pi.amount),
      email: (pm["billing_details"] as { email: string | null }).email,
      name: (pm["billing_details"] as { name: string | null }).name,
      description: pi.description,
      metadata: { ...pi.metadata },
      receiptUrlBase: deps.publicBase(),
    }),
  );
}

function authorized(): ChargeOutcome {
  return {
    advice_code: null,
    network_advice_code: null,
    network_decline_code: null,
    network_status: "approved_by_network",
    reason: null,
    risk_level: "normal",
    risk_score: 32,
    seller_message: "Payment complete.",
    type: "authorized",
  };
}

function markSucceeded(charge: Charge): void {
  charge.status = "succeeded";
  charge.paid = true;
  charge.captured = true;
  charge.amount_captured = charge.amount;
  charge.outcome = authorized();
}

function intentSucceeded(pi: PaymentIntent, charge: Charge): void {
  pi.status = "succeeded";
  pi.amount_received = pi.amount;
  pi.latest_charge = charge.id;
  pi.last_payment_error = null;
  pi.next_action = null;
}

export function chargeSucceeds(deps: Deps, pi: PaymentIntent, pm: PaymentMethod): Charge {
  const charge = newCharge(deps, pi, pm);
  markSucceeded(charge);
  pi.payment_method = pm.id;
  intentSucceeded(pi, charge);
  deps.store.touch();
  deps.bus.emit("charge.succeeded", charge);
  const after = afterPaymentOf(deps.store.internal.cardNumbers[pm.id]);
  if (after === "dispute" || after === "inquiry") openDispute(deps, charge, after === "inquiry");
  deps.bus.emit("payment_intent.succeeded", pi);
  // The balance transaction is attached a moment later on Stripe, hence its charge.updated.
  charge.balance_transaction = `txn_${charge.id.slice(3)}`;
  deps.store.touch();
  deps.bus.emit("charge.updated", charge, { balance_transaction: null });
  return charge;
}

function declineOutcome(decline: Decline): ChargeOutcome {
  return {
    advice_code: null,
    network_advice_code: null,
    network_decline_code: null,
    network_status: decline.blocked ? "not_sent_to_network" : "declined_by_network",
    reason: decline.blocked ? "highest_risk_level" : (decline.declineCode ?? decline.code),
    risk_level: decline.blocked ? "highest" : "normal",
    risk_score: decline.blocked ? 95 : 32,
    seller_message: decline.blocked ? "Stripe blocked this payment as too risky." : "The bank did not return any further details with this decline.",
    type: decline.blocked ? "blocked" : "issuer_declined",
  };
}

function cardError(decline: Decline, extra: Partial<ErrorBody> = {}): ErrorBody {
  return {
    type: "card_error",
    code: decline.code,
    ...(decline.declineCode ? { decline_code: decline.declineCode } : {}),
    doc_url: docUrl(decline.code),
    message: decline.message,
    ...(decline.param ? { param: decline.param } : {}),
    ...extra,
  };
}

function intentFailed(deps: Deps, pi: PaymentIntent, pm: PaymentMethod, error: ErrorBody): void {
  pi.status = "requires_payment_method";
  pi.next_action = null;
  pi.payment_method = null;
  pi.last_payment_error = { ...error, payment_method: structuredClone(pm) };
  deps.store.touch();
  deps.bus.emit("payment_intent.payment_failed", pi);
}

/** An issuer decline: a failed charge exists, the intent goes back to requires_payment_method. */
export function chargeDeclines(deps: Deps, pi: PaymentIntent, pm: PaymentMethod, decline: Decline): ErrorBody {
  const charge = newCharge(deps, pi, pm);
  charge.status = "failed";
  charge.failure_code = decline.code;
  charge.failure_message = decline.message;
  charge.outcome = declineOutcome(decline);
  pi.latest_charge = charge.id;
  const error = cardError(decline, { charge: charge.id });
  deps.bus.emit("charge.failed", charge);
  intentFailed(deps, pi, pm, error);
  return { ...error, payment_intent: structuredClone(pi), payment_method: structuredClone(pm) };
}

/** Failed 3-D Secure never reaches the issuer, so there is no charge. */
export function authenticationFails(deps: Deps, pi: PaymentIntent, pm: PaymentMethod, decline: Decline): ErrorBody {
  const error: ErrorBody = { type: "invalid_request_error", code: decline.code, doc_url: docUrl(decline.code), message: decline.message };
  intentFailed(deps, pi, pm, error);
  return { ...error, payment_intent: structuredClone(pi), payment_method: structuredClone(pm) };
}

export function requireAction(deps: Deps, pi: PaymentIntent, pm: PaymentMethod, returnUrl: string): string {
  const url = `${deps.publicBase()}/c/3ds/${pi.id}`;
  pi.status = "requires_action";
  pi.payment_method = pm.id;
  pi.next_action = { type: "redirect_to_url", redirect_to_url: { return_url: returnUrl, url } };
  deps.store.touch();
  deps.bus.emit("payment_intent.requires_action", pi);
  return url;
}

/** Bank debits confirm instantly but settle days later: pending charge, processing intent. */
export function chargeProcessing(deps: Deps, pi: PaymentIntent, pm: PaymentMethod): Charge {
  const charge = newCharge(deps, pi, pm);
  pi.status = "processing";
  pi.payment_method = pm.id;
  pi.payment_method_types = ["card", "us_bank_account"];
  pi.latest_charge = charge.id;
  pi.last_payment_error = null;
  deps.store.touch();
  deps.bus.emit("charge.pending", charge);
  deps.bus.emit("payment_intent.processing", pi);
  return charge;
}

export function settleCharge(deps: Deps, pi: PaymentIntent, charge: Charge, pm: PaymentMethod, succeeded: boolean): ErrorBody | null {
  if (succeeded) {
    markSucceeded(charge);
    charge.balance_transaction = `txn_${charge.id.slice(3)}`;
    intentSucceeded(pi, charge);
    deps.store.touch();
    deps.bus.emit("payment_intent.succeeded", pi);
    deps.bus.emit("charge.succeeded", charge);
    return null;
  }
  const decline: Decline = { code: "insufficient_funds", message: "The account has insufficient funds to cover this payment." };
  charge.status = "failed";
  charge.failure_code = decline.code;
  charge.failure_message = decline.message;
  charge.outcome = { ...declineOutcome(decline), seller_message: "The bank returned the debit." };
  const error: ErrorBody = { type: "card_error", code: decline.code, doc_url: docUrl(decline.code), message: decline.message, charge: charge.id };
  deps.bus.emit("charge.failed", charge);
  intentFailed(deps, pi, pm, error);
  return error;
}
