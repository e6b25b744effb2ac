import type { Deps } from "../core/deps";
import type { Invoice } from "../objects/invoice";
import type { PaymentIntent } from "../objects/payment-intent";
import type { Subscription } from "../objects/subscription";
import { paymentsOf } from "./collect";

/** Stripe gives an incomplete subscription 23 hours to pay its first invoice. */
export const INCOMPLETE_SECONDS = 23 * 3600;

function voidInvoice(deps: Deps, invoice: Invoice): void {
  invoice.status = "void";
  invoice.auto_advance = false;
  invoice.next_payment_attempt = null;
  invoice.amount_remaining = 0;
  invoice.status_transitions.voided_at = deps.clock.now();
  deps.store.touch();
  deps.bus.emit("invoice.voided", invoice);
}

export function latestInvoice(deps: Deps, sub: Subscription): Invoice | undefined {
  return sub.latest_invoice ? deps.store.get<Invoice>("invoice", sub.latest_invoice) : undefined;
}

/** A bank debit still settling keeps the subscription incomplete past the window, as on Stripe. */
export function awaitingSettlement(deps: Deps, invoice: Invoice | undefined): boolean {
  if (!invoice) return false;
  return paymentsOf(deps, invoice.id).some((p) => deps.store.get<PaymentIntent>("payment_intent", p.payment.payment_intent)?.status === "processing");
}

/**
 * incomplete → incomplete_expired (terminal). Stripe reports it with `customer.subscription.updated`
 * (an expired subscription never started, so no `.deleted`); the unpaid first invoice is voided.
 */
export function expireIncomplete(deps: Deps, sub: Subscription): void {
  const now = deps.clock.now();
  const previous = { status: sub.status };
  sub.status = "incomplete_expired";
  sub.canceled_at = now;
  sub.ended_at = now;
  deps.store.touch();
  const invoice = latestInvoice(deps, sub);
  if (invoice && invoice.status === "open") voidInvoice(deps, invoice);
  deps.bus.emit("customer.subscription.updated", sub, previous);
}

/** The change is dropped and its unpaid invoice voided. */
export function expirePendingUpdate(deps: Deps, sub: Subscription): void {
  const previous = { pending_update: structuredClone(sub.pending_update) };
  sub.pending_update = null;
  const invoice = latestInvoice(deps, sub);
  if (invoice && invoice.status === "open") voidInvoice(deps, invoice);
  deps.store.touch();
  deps.bus.emit("customer.subscription.pending_update_expired", sub, previous);
}
