import type { Deps } from "../core/deps";
import type { Invoice } from "../objects/invoice";
import type { Subscription } from "../objects/subscription";
import { endSubscription } from "./end";
import { previousItems, swapPrice } from "./items";

function subscriptionOf(deps: Deps, invoice: Invoice): Subscription | undefined {
  return invoice.subscription ? deps.store.get<Subscription>("subscription", invoice.subscription) : undefined;
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
  const previous = { status: sub.status };
  sub.status = "active";
  deps.store.touch();
  deps.bus.emit("customer.subscription.updated", sub, previous);
}

/**
 * A failed renewal or update makes an active subscription past_due; a first invoice leaves it incomplete.
 * When dunning is exhausted the subscription is canceled, the Dashboard's "cancel the subscription" choice.
 */
export function afterInvoiceFailed(deps: Deps, invoice: Invoice, exhausted: boolean): void {
  const sub = subscriptionOf(deps, invoice);
  if (!sub || sub.status === "canceled" || sub.status === "incomplete_expired") return;
  if (sub.pending_update && sub.latest_invoice === invoice.id) return;
  if (sub.status === "active" && invoice.billing_reason !== "subscription_create") {
    const previous = { status: sub.status };
    sub.status = "past_due";
    deps.store.touch();
    deps.bus.emit("customer.subscription.updated", sub, previous);
  }
  if (exhausted && sub.status === "past_due") endSubscription(deps, sub, "payment_failed");
}
