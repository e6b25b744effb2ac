import type { Deps } from "../core/deps";
import type { Invoice } from "../objects/invoice";
import type { Subscription } from "../objects/subscription";
import { closeScheduleOfEndingSubscription } from "./schedule-state";

type Reason = "cancellation_requested" | "payment_failed";

/**
 * The terminal step: status canceled, collection stops on its unpaid invoices, `customer.subscription.deleted`,
 * and a schedule still managing it is canceled too.
 */
export function endSubscription(deps: Deps, sub: Subscription, reason: Reason): void {
  const now = deps.clock.now();
  sub.status = "canceled";
  sub.canceled_at = sub.canceled_at ?? now;
  sub.ended_at = now;
  sub.pending_update = null;
  sub.cancellation_details = { ...sub.cancellation_details, reason };
  delete deps.store.internal.scheduledPrices[sub.id];
  for (const invoice of deps.store.list<Invoice>("invoice")) {
    if (invoice.subscription !== sub.id || (invoice.status !== "open" && invoice.status !== "draft")) continue;
    invoice.auto_advance = false;
    invoice.next_payment_attempt = null;
  }
  deps.store.touch();
  deps.bus.emit("customer.subscription.deleted", sub);
  closeScheduleOfEndingSubscription(deps, sub, reason);
}
