import type { Deps } from "../core/deps";
import type { SessionExtras } from "../core/store";
import { invalidRequest, resourceMissing, type ErrorBody } from "../http/errors";
import { buildCustomerDetails, checkoutPagePath, type CheckoutSession } from "../objects/checkout-session";
import type { Address } from "../objects/shared";
import type { PaymentIntent } from "../objects/payment-intent";
import type { PaymentMethod } from "../objects/payment-method";
import type { Charge } from "../objects/charge";
import { invoiceOfIntent, markInvoiceFailed, markInvoicePaid } from "../billing/collect";
import { validateCard } from "../payments/card-input";
import { authenticationFails, chargeDeclines, chargeProcessing, chargeSucceeds, requireAction, settleCharge } from "../payments/charges";
import { AUTHENTICATION_FAILURE, behaviourOf, setupDecline } from "../payments/test-cards";
import { createPaymentMethod, customerFor, customerOf, finish, intentFor, openSession, type Completed, type PayInput } from "./complete";
import { takeAddress, type BillingAddress } from "./address";
import { discountStillApplies } from "./discount";

export type { PayInput } from "./complete";
export { completionRedirect } from "./complete";

/** Stripe.js's own message for an empty card field, when a card is needed after all. */
const CARD_MISSING = { code: "incomplete_number", message: "Your card number is incomplete.", param: "number" };

export type PayResult =
  | Completed
  | { kind: "requires_action"; session: CheckoutSession; paymentIntent: PaymentIntent; url: string }
  | { kind: "declined"; session: CheckoutSession; paymentIntent: PaymentIntent | null; error: ErrorBody };

/**
 * Nothing due now (a free order, or a subscription whose first invoice is zero): no PaymentIntent. A
 * subscription still saves the card (payment_method_collection=always), which a declining card fails, as
 * a SetupIntent would; no 3-D Secure challenge is shown for it.
 */
function completeWithoutPayment(deps: Deps, session: CheckoutSession, extras: SessionExtras, input: PayInput, pm: PaymentMethod): PayResult {
  const decline = input.method === "card" ? setupDecline(deps.store.internal.cardNumbers[pm.id] ?? "") : null;
  if (decline) {
    const { code, declineCode, message } = decline;
    return { kind: "declined", session, paymentIntent: null, error: { type: "card_error", code, message, ...(declineCode ? { decline_code: declineCode } : {}) } };
  }
  return finish(deps, session, extras, null, pm, true);
}

/** The buyer as the form gave them: the session's Customer (made now if the mode needs one) and `customer_details`. */
function buyerOf(deps: Deps, session: CheckoutSession, extras: SessionExtras, input: PayInput, address: Address | null) {
  const email = input.email?.trim() || session.customer_email || customerOf(deps, session.customer)?.email || null;
  const name = input.name?.trim() || null;
  const customer = customerFor(deps, session, extras, email, name);
  session.customer_details = buildCustomerDetails(email, name);
  if (address) session.customer_details.address = address;
  return { customer, email, name };
}

/** The one confirmation path shared by the hosted and embedded pages and the `/_sandbox/.../pay` control. */
export function payCheckoutSession(deps: Deps, sessionId: string, input: PayInput): PayResult {
  const { session, extras } = openSession(deps, sessionId);
  const refusal = discountStillApplies(deps, session, extras);
  if (refusal) return { kind: "declined", session, paymentIntent: null, error: refusal.body };
  const located = takeAddress(deps, session, extras, input.address);
  if ("error" in located) return { kind: "declined", session, paymentIntent: null, error: located.error };
  const free = session.amount_total === 0;
  // Nothing to charge and no card asked for: a free order, or payment_method_collection=if_required.
  const noCard = free && (session.mode === "payment" || (session["payment_method_collection"] === "if_required" && input.method === "none"));
  if (input.method === "none" || noCard) {
    if (!noCard) return { kind: "declined", session, paymentIntent: null, error: { type: "card_error", ...CARD_MISSING } };
    buyerOf(deps, session, extras, input, located.address);
    return finish(deps, session, extras, null, null, true);
  }
  const card = input.method === "card" ? validateCard(input.card, deps.clock.nowMs()) : null;
  if (card && "code" in card) return { kind: "declined", session, paymentIntent: null, error: { type: "card_error", ...card } };
  const { customer, email, name } = buyerOf(deps, session, extras, input, located.address);
  const pm = createPaymentMethod(deps, input, email, name, customer);
  if (free) return completeWithoutPayment(deps, session, extras, input, pm);
  const pi = intentFor(deps, session, extras, customer, email);

  if (input.method === "async_bank_debit") {
    chargeProcessing(deps, pi, pm);
    return finish(deps, session, extras, pi, pm, false);
  }
  const behaviour = behaviourOf(deps.store.internal.cardNumbers[pm.id] ?? "");
  if (behaviour.kind === "challenge") {
    const url = requireAction(deps, pi, pm, `${deps.publicBase()}${checkoutPagePath(session)}`);
    return { kind: "requires_action", session, paymentIntent: pi, url };
  }
  if (behaviour.kind === "decline") {
    return { kind: "declined", session, paymentIntent: pi, error: chargeDeclines(deps, pi, pm, behaviour.decline) };
  }
  chargeSucceeds(deps, pi, pm);
  return finish(deps, session, extras, pi, pm, true);
}

/** The address control, and the page's "Update total": where the buyer is, before paying, so the totals show tax. */
export function enterAddress(deps: Deps, sessionId: string, address: BillingAddress): CheckoutSession {
  const { session, extras } = openSession(deps, sessionId);
  const located = takeAddress(deps, session, extras, address);
  if ("error" in located) throw invalidRequest(located.error.message, located.error.param ? { param: located.error.param } : {});
  return session;
}

/** Result of the 3-D Secure challenge page (or its control endpoint). */
export function completeAuthentication(deps: Deps, intentId: string, outcome: "complete" | "fail"): PayResult {
  const pi = deps.store.get<PaymentIntent>("payment_intent", intentId);
  if (!pi) throw resourceMissing("payment_intent", intentId);
  if (pi.status !== "requires_action" || !pi.payment_method) {
    throw invalidRequest(`This PaymentIntent's status is ${pi.status}; it does not require authentication.`, { code: "payment_intent_unexpected_state" });
  }
  const { session, extras } = openSession(deps, deps.store.internal.sessionOfIntent[pi.id] ?? "");
  const pm = deps.store.get<PaymentMethod>("payment_method", pi.payment_method);
  if (!pm) throw resourceMissing("payment_method", pi.payment_method);
  if (outcome === "fail") {
    return { kind: "declined", session, paymentIntent: pi, error: authenticationFails(deps, pi, pm, AUTHENTICATION_FAILURE) };
  }
  const behaviour = behaviourOf(deps.store.internal.cardNumbers[pm.id] ?? "");
  const after = behaviour.kind === "challenge" ? behaviour.afterAuthentication : { kind: "succeed" as const };
  if (after.kind === "decline") {
    return { kind: "declined", session, paymentIntent: pi, error: chargeDeclines(deps, pi, pm, after.decline) };
  }
  chargeSucceeds(deps, pi, pm);
  return finish(deps, session, extras, pi, pm, true);
}

/** Completes a processing bank debit, firing the async_payment_* session event. */
export function settlePayment(deps: Deps, intentId: string, outcome: "succeeded" | "failed"): { paymentIntent: PaymentIntent; session: CheckoutSession | null } {
  const pi = deps.store.get<PaymentIntent>("payment_intent", intentId);
  if (!pi) throw resourceMissing("payment_intent", intentId);
  const charge = pi.latest_charge ? deps.store.get<Charge>("charge", pi.latest_charge) : undefined;
  const pm = pi.payment_method ? deps.store.get<PaymentMethod>("payment_method", pi.payment_method) : undefined;
  if (pi.status !== "processing" || !charge || !pm) {
    throw invalidRequest(`PaymentIntent ${pi.id} is not processing (status: ${pi.status}).`, { code: "payment_intent_unexpected_state" });
  }
  settleCharge(deps, pi, charge, pm, outcome === "succeeded");
  const invoice = invoiceOfIntent(deps, pi.id);
  if (invoice) {
    if (outcome === "succeeded") markInvoicePaid(deps, invoice, pi);
    else markInvoiceFailed(deps, invoice, false);
  }
  const session = deps.store.get<CheckoutSession>("checkout.session", deps.store.internal.sessionOfIntent[pi.id] ?? "") ?? null;
  if (session) {
    if (outcome === "succeeded") session.payment_status = "paid";
    deps.store.touch();
    deps.bus.emit(outcome === "succeeded" ? "checkout.session.async_payment_succeeded" : "checkout.session.async_payment_failed", session);
  }
  return { paymentIntent: pi, session };
}
