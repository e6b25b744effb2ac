import type { Deps } from "../core/deps";
import { newId } from "../core/ids";
import type { ErrorBody } from "../http/errors";
import type { Customer } from "../objects/customer";
import type { Invoice } from "../objects/invoice";
import { buildInvoicePayment, type InvoicePayment } from "../objects/invoice-payment";
import { buildPaymentIntent, type PaymentIntent } from "../objects/payment-intent";
import type { PaymentMethod } from "../objects/payment-method";
import type { Subscription } from "../objects/subscription";
import { chargeDeclines, chargeProcessing, chargeSucceeds } from "../payments/charges";
import { behaviourOf, type Decline } from "../payments/test-cards";
import { nextRetryAt } from "./dunning";
import { afterInvoiceFailed, afterInvoicePaid } from "./outcomes";

type Attempt = { kind: "paid" } | { kind: "processing" } | { kind: "failed"; error: ErrorBody };

/** Off-session charges can't show a 3-D Secure challenge, so cards that demand one are declined this way. */
const AUTHENTICATION_REQUIRED: Decline = {
  code: "authentication_required",
  declineCode: "authentication_required",
  message: "Your card was declined. This transaction requires authentication.",
};

/** The order Stripe uses: the subscription's default, then the customer's invoice default. */
export function defaultPaymentMethod(deps: Deps, owner: { subscription: string | null; customer: string }): PaymentMethod | undefined {
  const sub = owner.subscription ? deps.store.get<Subscription>("subscription", owner.subscription) : undefined;
  const customer = deps.store.get<Customer>("customer", owner.customer);
  const id = sub?.default_payment_method ?? customer?.invoice_settings.default_payment_method ?? null;
  return id ? deps.store.get<PaymentMethod>("payment_method", id) : undefined;
}

export function paymentsOf(deps: Deps, invoiceId: string): InvoicePayment[] {
  return deps.store.list<InvoicePayment>("invoice_payment").filter((p) => p.invoice === invoiceId);
}

export function invoiceOfIntent(deps: Deps, intentId: string): Invoice | undefined {
  const payment = deps.store.list<InvoicePayment>("invoice_payment").find((p) => p.payment.payment_intent === intentId);
  return payment ? deps.store.get<Invoice>("invoice", payment.invoice) : undefined;
}

/** Retries reuse the invoice's PaymentIntent, as Stripe does; each attempt adds a Charge to it. */
function intentFor(deps: Deps, invoice: Invoice): PaymentIntent {
  for (const payment of paymentsOf(deps, invoice.id)) {
    const pi = deps.store.get<PaymentIntent>("payment_intent", payment.payment.payment_intent);
    if (payment.status === "open" && pi?.status === "requires_payment_method") return pi;
  }
  const pi = deps.store.insert(
    buildPaymentIntent({
      id: newId("pi"),
      now: deps.clock.now(),
      amount: invoice.amount_remaining,
      currency: invoice.currency,
      customer: invoice.customer,
      description: invoice.billing_reason === "subscription_create" ? "Subscription creation" : "Subscription update",
      metadata: {},
      receiptEmail: null,
    }),
  );
  recordPayment(deps, invoice, pi);
  deps.bus.emit("payment_intent.created", pi);
  return pi;
}

export function recordPayment(deps: Deps, invoice: Invoice, pi: PaymentIntent): InvoicePayment {
  return deps.store.insert(
    buildInvoicePayment({ id: newId("inpay"), now: deps.clock.now(), invoice: invoice.id, amount: pi.amount, currency: pi.currency, paymentIntent: pi.id }),
  );
}

export function markInvoicePaid(deps: Deps, invoice: Invoice, pi: PaymentIntent | null): void {
  const now = deps.clock.now();
  invoice.status = "paid";
  invoice.amount_paid = invoice.amount_due;
  invoice.amount_remaining = 0;
  invoice.attempted = true;
  invoice.next_payment_attempt = null;
  invoice.auto_advance = false;
  invoice.status_transitions.paid_at = now;
  deps.store.touch();
  deps.bus.emit("invoice.paid", invoice);
  deps.bus.emit("invoice.payment_succeeded", invoice);
  const payment = pi ? paymentsOf(deps, invoice.id).find((p) => p.payment.payment_intent === pi.id) : undefined;
  if (payment) {
    payment.status = "paid";
    payment.amount_paid = pi?.amount ?? 0;
    payment.status_transitions.paid_at = now;
    deps.store.touch();
    deps.bus.emit("invoice_payment.paid", payment);
  }
  afterInvoicePaid(deps, invoice);
}

/** Records a failed attempt; automatic ones move the invoice along the retry schedule. */
export function markInvoiceFailed(deps: Deps, invoice: Invoice, automatic: boolean): void {
  const previous = { attempted: invoice.attempted, next_payment_attempt: invoice.next_payment_attempt };
  let exhausted = false;
  if (automatic) {
    const attempts = (deps.store.internal.automaticAttempts[invoice.id] ?? 0) + 1;
    deps.store.internal.automaticAttempts[invoice.id] = attempts;
    invoice.next_payment_attempt = invoice.auto_advance ? nextRetryAt(attempts, deps.clock.now()) : null;
    exhausted = invoice.auto_advance && invoice.next_payment_attempt === null;
  }
  invoice.attempted = true;
  deps.store.touch();
  deps.bus.emit("invoice.payment_failed", invoice);
  deps.bus.emit("invoice.updated", invoice, previous);
  afterInvoiceFailed(deps, invoice, exhausted);
}

function noPaymentMethod(): ErrorBody {
  return { type: "invalid_request_error", message: "This customer has no attached payment source or default payment method." };
}

/** One payment attempt on an open invoice, with the given method or the default one. */
export function attemptPayment(deps: Deps, invoice: Invoice, options: { paymentMethod?: PaymentMethod; automatic: boolean }): Attempt {
  if (invoice.amount_remaining === 0) {
    markInvoicePaid(deps, invoice, null);
    return { kind: "paid" };
  }
  invoice.attempt_count += 1;
  const pm = options.paymentMethod ?? defaultPaymentMethod(deps, invoice);
  if (!pm) {
    markInvoiceFailed(deps, invoice, options.automatic);
    return { kind: "failed", error: noPaymentMethod() };
  }
  const pi = intentFor(deps, invoice);
  if (!pm.card) {
    // A debit settles days later; until then no automatic retry is due.
    invoice.next_payment_attempt = null;
    deps.store.touch();
    chargeProcessing(deps, pi, pm);
    return { kind: "processing" };
  }
  const behaviour = behaviourOf(deps.store.internal.cardNumbers[pm.id] ?? "");
  if (behaviour.kind === "succeed") {
    chargeSucceeds(deps, pi, pm);
    markInvoicePaid(deps, invoice, pi);
    return { kind: "paid" };
  }
  const error = chargeDeclines(deps, pi, pm, behaviour.kind === "decline" ? behaviour.decline : AUTHENTICATION_REQUIRED);
  markInvoiceFailed(deps, invoice, options.automatic);
  return { kind: "failed", error };
}

/** Whether a charge to this method would fail, without charging: `error_if_incomplete` must change nothing. */
export function wouldDecline(deps: Deps, pm: PaymentMethod | undefined): Decline | null {
  if (!pm) return { code: "card_declined", message: noPaymentMethod().message };
  if (!pm.card) return null;
  const behaviour = behaviourOf(deps.store.internal.cardNumbers[pm.id] ?? "");
  if (behaviour.kind === "succeed") return null;
  return behaviour.kind === "decline" ? behaviour.decline : AUTHENTICATION_REQUIRED;
}
