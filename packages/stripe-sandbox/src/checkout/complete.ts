import type { Deps } from "../core/deps";
import { newId } from "../core/ids";
import type { SessionExtras } from "../core/store";
import { invalidRequest, resourceMissing } from "../http/errors";
import type { CheckoutSession } from "../objects/checkout-session";
import type { Customer } from "../objects/customer";
import { buildPaymentIntent, type PaymentIntent } from "../objects/payment-intent";
import { buildPaymentMethod, type PaymentMethod } from "../objects/payment-method";
import { validateCard, type CardInput } from "../payments/card-input";
import { createCustomer } from "../payments/customers";
import { brandOf } from "../payments/test-cards";
import { saveAddress, type BillingAddress } from "./address";
import { redeemDiscount } from "./discount";
import { createCheckoutSubscription } from "./subscribe";

/** `none`: no payment method, allowed only when nothing is due and the session collects one only if required. */
export type PayInput = { email?: string; name?: string; address?: BillingAddress } & (
  | { method: "card"; card: CardInput }
  | { method: "async_bank_debit" }
  | { method: "none" }
);

export type Completed = { kind: "complete"; session: CheckoutSession; paymentIntent: PaymentIntent | null; redirectUrl: string | null };

export function openSession(deps: Deps, sessionId: string): { session: CheckoutSession; extras: SessionExtras } {
  const session = deps.store.get<CheckoutSession>("checkout.session", sessionId);
  const extras = deps.store.internal.sessions[sessionId];
  if (!session || !extras) throw resourceMissing("checkout.session", sessionId);
  if (session.status !== "open") {
    throw invalidRequest(`This Checkout Session is no longer active (status: ${session.status}).`, { code: "checkout_session_inactive" });
  }
  return { session, extras };
}

export function customerOf(deps: Deps, id: string | null): Customer | undefined {
  return id ? deps.store.get<Customer>("customer", id) : undefined;
}

/** Payment mode only makes a Customer with customer_creation=always (the default is if_required since 2022-08-01). */
export function customerFor(deps: Deps, session: CheckoutSession, extras: SessionExtras, email: string | null, name: string | null): Customer | null {
  const existing = customerOf(deps, session.customer ?? extras.customer);
  if (existing) return existing;
  if (session.mode === "payment" && session.customer_creation !== "always") return null;
  const created = createCustomer(deps, { email, name });
  extras.customer = created.id;
  return created;
}

export function createPaymentMethod(deps: Deps, input: PayInput, email: string | null, name: string | null, customer: Customer | null): PaymentMethod {
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

/** A retry after a decline re-confirms the same PaymentIntent, as Checkout does, at the session's current total. */
export function intentFor(deps: Deps, session: CheckoutSession, extras: SessionExtras, customer: Customer | null, email: string | null): PaymentIntent {
  const existing = extras.intent ? deps.store.get<PaymentIntent>("payment_intent", extras.intent) : undefined;
  if (existing && (existing.status === "requires_payment_method" || existing.status === "requires_action")) {
    existing.customer = customer?.id ?? existing.customer;
    existing.amount = session.amount_total;
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

/**
 * Where the buyer goes once the session completes: success_url for a hosted page, return_url for an
 * embedded page that redirects (`always`, the default; `if_required` and `never` call onComplete instead,
 * since card payments need no redirect), with the literal {CHECKOUT_SESSION_ID} filled in.
 */
export function completionRedirect(session: CheckoutSession): string | null {
  const target = session.ui_mode === "hosted_page" ? session.success_url : session.redirect_on_completion === "always" ? (session.return_url ?? null) : null;
  return target ? target.replaceAll("{CHECKOUT_SESSION_ID}", session.id) : null;
}

/**
 * The session completes: `paid` after a charge, `unpaid` while a debit settles, `no_payment_required`
 * when nothing was due (a free order, or a subscription whose first invoice is zero). In subscription
 * mode the subscription and its first invoice are made now (basil), with the session's discount.
 */
export function finish(deps: Deps, session: CheckoutSession, extras: SessionExtras, pi: PaymentIntent | null, pm: PaymentMethod | null, paid: boolean): Completed {
  const customer = customerOf(deps, session.customer ?? extras.customer);
  saveAddress(deps, session, extras, customer ?? null);
  if (session.mode === "subscription" && customer) {
    const { subscription, invoice } = createCheckoutSubscription(deps, { customer, paymentMethod: pm, paymentIntent: pi, extras, currency: session.currency, paid });
    session.subscription = subscription.id;
    session.invoice = invoice.id;
  } else {
    redeemDiscount(deps, extras, customer?.id ?? null, null);
  }
  session.status = "complete";
  session.payment_status = pi === null ? "no_payment_required" : paid ? "paid" : "unpaid";
  session.url = null;
  session.customer = customer?.id ?? null;
  deps.store.touch();
  deps.bus.emit("checkout.session.completed", session);
  return { kind: "complete", session, paymentIntent: pi, redirectUrl: completionRedirect(session) };
}
