import type { Deps } from "../core/deps";
import type { Subscription } from "../objects/subscription";
import { attemptPayment } from "./collect";
import { endSubscription } from "./end";
import { createSubscriptionInvoice, finalizeInvoice, pendingItems } from "./invoices";
import { insertItems } from "./plan-change";
import { unusedTimeCredits } from "./proration";

export type CancelOptions = {
  /** Credit the unused time of the current period as a proration item. */
  prorate: boolean;
  /** Bill the pending items (that credit included) on a final invoice now. */
  invoiceNow: boolean;
};

/**
 * An immediate cancellation (`DELETE /v1/subscriptions/:id`, where both options default to false, or a
 * schedule's `cancel`, where both default to true). With both false Stripe removes the pending prorations;
 * with `invoice_now` a final invoice bills them, and a net credit bills 0 and stays on the customer's balance.
 */
export function cancelNow(deps: Deps, sub: Subscription, options: CancelOptions): void {
  const now = deps.clock.now();
  if (options.prorate) insertItems(deps, sub, unusedTimeCredits(deps, sub, now));
  endSubscription(deps, sub, "cancellation_requested");
  const pending = pendingItems(deps, sub.id);
  if (!options.prorate && !options.invoiceNow) {
    for (const ii of pending) {
      deps.store.delete(ii.id);
      deps.bus.emit("invoiceitem.deleted", ii);
    }
    return;
  }
  if (!options.invoiceNow || pending.length === 0) return;
  // billing_reason: Stripe's value for this final invoice is not documented; subscription_update is the sandbox's reading.
  const invoice = createSubscriptionInvoice(deps, sub, { billingReason: "subscription_update", periodLines: [], invoiceItems: pending, period: { start: now, end: now } });
  sub.latest_invoice = invoice.id;
  deps.store.touch();
  deps.bus.emit("invoice.created", invoice);
  finalizeInvoice(deps, invoice);
  // One attempt and no dunning: the subscription it would retry for has ended.
  attemptPayment(deps, invoice, { automatic: false });
}
