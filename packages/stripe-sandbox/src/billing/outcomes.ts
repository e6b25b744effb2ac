import type { Deps } from "../core/deps";
import type { Invoice } from "../objects/invoice";
import type { Subscription } from "../objects/subscription";
import { endSubscription } from "./end";
import { previousItems, swapPrice } from "./items";

function subscriptionOf(deps: Deps, invoice: Invoice): Subscription | undefined {
  return invoice.subscription ? deps.store.get<Subscription>("subscription", invoice.subscription) : undefined;
}

function setStatus(deps: Deps, sub: Subscription, status: Subscription["status"]): void {
  const previous = { status: sub.status };
  sub.status = status;
  deps.store.touch();
  deps.bus.emit("customer.subscription.updated", sub, previous);
}

function applyPendingUpdate(deps: Deps, sub: Subscription): void {
  const pending = sub.pending_update;
  if (!pending) return;
  const previous = { ...previousItems(sub), pending_update: structuredClone(pending) };
  for (const change of pending.subscription_items) swapPrice(sub, { itemId: change.id, price: change.price, quantity: change.quantity });
  sub.pending_update = null;
  deps.store.touch();
  deps.bus.emit("customer.subscription.pending_update_applied", sub, previous);
  deps.bus.emit("customer.subscription.updated", sub, previous);
}

/** Paying the latest invoice ends past_due/incomplete, or applies the change that waited for it. */
export function afterInvoicePaid(deps: Deps, invoice: Invoice): void {
  const sub = subscriptionOf(deps, invoice);
  if (!sub || sub.latest_invoice !== invoice.id) return;
  if (sub.pending_update) return applyPendingUpdate(deps, sub);
  if (sub.status !== "past_due" && sub.status !== "incomplete" && sub.status !== "unpaid") return;
  setStatus(deps, sub, "active");
}

/**
 * A failed renewal or update makes an active subscription past_due; a first invoice leaves it incomplete.
 * When dunning is exhausted the account's "Manage failed payments" setting decides: cancel the
 * subscription, mark it unpaid (its later invoices stay drafts, see renewal.ts), or leave it past_due.
 */
export function afterInvoiceFailed(deps: Deps, invoice: Invoice, exhausted: boolean): void {
  const sub = subscriptionOf(deps, invoice);
  if (!sub || sub.status === "canceled" || sub.status === "incomplete_expired") return;
  if (sub.pending_update && sub.latest_invoice === invoice.id) return;
  if (sub.status === "active" && invoice.billing_reason !== "subscription_create") setStatus(deps, sub, "past_due");
  if (!exhausted || sub.status !== "past_due") return;
  const ending = deps.settings.afterFinalRetry;
  if (ending === "cancel") endSubscription(deps, sub, "payment_failed");
  else if (ending === "unpaid") setStatus(deps, sub, "unpaid");
}
