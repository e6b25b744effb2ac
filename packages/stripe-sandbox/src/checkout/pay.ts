import type { Deps } from "../core/deps";
import { newId } from "../core/ids";
import type { SessionExtras } from "../core/store";
import { invalidRequest, resourceMissing, type ErrorBody } from "../http/errors";
import { buildCustomerDetails, checkoutPagePath, type CheckoutSession } from "../objects/checkout-session";
import type { Customer } from "../objects/customer";
import { buildPaymentIntent, type PaymentIntent } from "../objects/payment-intent";
import { buildPaymentMethod, type PaymentMethod } from "../objects/payment-method";
import type { Charge } from "../objects/charge";
import { invoiceOfIntent, markInvoiceFailed, markInvoicePaid } from "../billing/collect";
import { validateCard, type CardInput } from "../payments/card-input";
import { authenticationFails, chargeDeclines, chargeProcessing, chargeSucceeds, requireAction, settleCharge } from "../payments/charges";
import { createCustomer } from "../payments/customers";
import { AUTHENTICATION_FAILURE, behaviourOf, brandOf } from "../payments/test-cards";
import { createCheckoutSubscription } from "./subscribe";

export type PayInput =
  | { method: "card"; card: CardInput; email?: string; name?: string }
  | { method: "async_bank_debit"; email?: string; name?: string };

export type PayResult =
  | { kind: "complete"; session: CheckoutSession; paymentIntent: PaymentIntent; redirectUrl: string | null }
  | { kind: "requires_action"; session: CheckoutSession; paymentIntent: PaymentIntent; url: string }
  | { kind: "declined"; session: CheckoutSession; paymentIntent: PaymentIntent | null; error: ErrorBody };

/** The one confirmation path shared by the hosted page and the `/_sandbox/.../pay` control. */
export function payCheckoutSession(deps: Deps, sessionId: string, input: PayInput): PayResult {
  const { session, extras } = openSession(deps, sessionId);
  if (input.method === "card") {
    const card = validateCard(input.card, deps.clock.nowMs());
    if ("code" in card) return { kind: "declined", session, paymentIntent: null, error: { type: "card_error", ...card } };
  }
  const email = input.email?.trim() || session.customer_email || customerOf(deps, session.customer)?.email || null;
  const name = input.name?.trim() || null;
  const customer = customerFor(deps, session, extras, email, name);
  const pm = createPaymentMethod(deps, input, email, name, customer);
  const pi = intentFor(deps, session, extras, customer, email);
  session.customer_details = buildCustomerDetails(email, name);

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

/**
 * Where the buyer goes once the session completes: success_url for a hosted page, return_url for an
 * embedded page that redirects (`always`, the default; `if_required` and `never` call onComplete instead,
 * since card payments need no redirect), with the literal {CHECKOUT_SESSION_ID} filled in.
 */
export function completionRedirect(session: CheckoutSession): string | null {
  const target = session.ui_mode === "hosted_page" ? session.success_url : session.redirect_on_completion === "always" ? (session.return_url ?? null) : null;
  return target ? target.replaceAll("{CHECKOUT_SESSION_ID}", session.id) : null;
}

function openSession(deps: Deps, sessionId: string): { session: CheckoutSession; extras: SessionExtras } {
  const session = deps.store.get<CheckoutSession>("checkout.session", sessionId);
  const extras = deps.store.internal.sessions[sessionId];
  if (!session || !extras) throw resourceMissing("checkout.session", sessionId);
  if (session.status !== "open") {
    throw invalidRequest(`This Checkout Session is no longer active (status: ${session.status}).`, { code: "checkout_session_inactive" });
  }
  return { session, extras };
}

function customerOf(deps: Deps, id: string | null): Customer | undefined {
  return id ? deps.store.get<Customer>("customer", id) : undefined;
}

/** Payment mode only makes a Customer with customer_creation=always (the default is if_required since 2022-08-01). */
function customerFor(deps: Deps, session: CheckoutSession, extras: SessionExtras, email: string | null, name: string | null): Customer | null {
  const existing = customerOf(deps, session.customer ?? extras.customer);
  if (existing) return existing;
  if (session.mode === "payment" && session.customer_creation !== "always") return null;
  const created = createCustomer(deps, { email, name });
  extras.customer = created.id;
  return created;
}

function createPaymentMethod(deps: Deps, input: PayInput, email: string | null, name: string | null, customer: Customer | null): PaymentMethod {
  const number = input.method === "card" ? input.card.number.replace(/[\s-]/g, "") : null;
  const card = input.method === "card" && number ? validateCard(input.card, deps.clock.nowMs()) : null;
  const pm = deps.store.insert(
    buildPaymentMethod({
      id: newId("pm"),
      now: deps.clock.now(),
      card:
        number && card && !("code" in card)
          ? { brand: brandOf(number), last4: number.slice(-4), exp_month: card.expMonth, exp_year: card.expYear, funding: "credit" }
          : null,
      email,
      name,
      customer: customer?.id ?? null,
    }),
  );
  if (number) deps.store.internal.cardNumbers[pm.id] = number;
  return pm;
}

/** A retry after a decline re-confirms the same PaymentIntent, as Checkout does. */
function intentFor(deps: Deps, session: CheckoutSession, extras: SessionExtras, customer: Customer | null, email: string | null): PaymentIntent {
  const existing = extras.intent ? deps.store.get<PaymentIntent>("payment_intent", extras.intent) : undefined;
  if (existing && (existing.status === "requires_payment_method" || existing.status === "requires_action")) {
    existing.customer = customer?.id ?? existing.customer;
    return existing;
  }
  const data = session.mode === "payment" ? extras.paymentIntentData : { metadata: {}, description: "Subscription creation" };
  const pi = deps.store.insert(
    buildPaymentIntent({
      id: newId("pi"),
      now: deps.clock.now(),
      amount: session.amount_total,
      currency: session.currency,
      customer: customer?.id ?? null,
      description: data.description,
      metadata: { ...data.metadata },
      receiptEmail: email,
    }),
  );
  extras.intent = pi.id;
  deps.store.internal.sessionOfIntent[pi.id] = session.id;
  // Since 2022-08-01 the intent appears on the session only once confirmation starts; never in subscription mode.
  if (session.mode === "payment") session.payment_intent = pi.id;
  deps.bus.emit("payment_intent.created", pi);
  return pi;
}

function finish(deps: Deps, session: CheckoutSession, extras: SessionExtras, pi: PaymentIntent, pm: PaymentMethod, paid: boolean): PayResult {
  const customer = customerOf(deps, session.customer ?? extras.customer);
  if (session.mode === "subscription" && customer) {
    const { subscription, invoice } = createCheckoutSubscription(deps, { customer, paymentMethod: pm, paymentIntent: pi, extras, currency: session.currency, paid });
    session.subscription = subscription.id;
    session.invoice = invoice.id;
  }
  session.status = "complete";
  session.payment_status = paid ? "paid" : "unpaid";
  session.url = null;
  session.customer = customer?.id ?? null;
  deps.store.touch();
  deps.bus.emit("checkout.session.completed", session);
  return { kind: "complete", session, paymentIntent: pi, redirectUrl: completionRedirect(session) };
}
