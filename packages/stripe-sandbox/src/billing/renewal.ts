import type { Deps } from "../core/deps";
import type { Recurring } from "../objects/price";
import { currentPeriodEnd, type Subscription } from "../objects/subscription";
import { addInterval } from "./periods";
import { endSubscription } from "./end";
import { createSubscriptionInvoice, pendingItems, periodLine } from "./invoices";
import { previousItems, priceOrNull, swapPrice } from "./items";
import { endTrial } from "./trial";

/** Stripe's draft window: the renewal invoice is finalised and charged about an hour after it is created. */
const DRAFT_SECONDS = 3600;

/** Periods count from the anchor, so a plan anchored on Jan 31 renews Feb 28, then Mar 31. */
export function nextPeriodEnd(anchor: number, after: number, recurring: Pick<Recurring, "interval" | "interval_count">): number {
  for (let n = 1; ; n++) {
    const end = addInterval(anchor, { interval: recurring.interval, interval_count: recurring.interval_count * n });
    if (end > after) return end;
  }
}

/**
 * What happens at a period end (deps' clock reads the boundary): a subscription set to cancel ends; a
 * trial ends (trial.ts); otherwise a scheduled downgrade takes effect, the items enter their next period and a draft
 * `subscription_cycle` invoice bills it, collecting pending prorations.
 */
export function crossBoundary(deps: Deps, sub: Subscription): void {
  const boundary = currentPeriodEnd(sub);
  if (boundary === null) return;
  if (sub.cancel_at_period_end || (sub.cancel_at !== null && sub.cancel_at <= boundary)) {
    endSubscription(deps, sub, "cancellation_requested");
    return;
  }
  const trialEnds = sub.status === "trialing";
  const previous = { ...previousItems(sub), latest_invoice: sub.latest_invoice, ...(trialEnds ? { status: sub.status } : {}) };
  if (trialEnds && !endTrial(deps, sub)) return;
  const scheduled = deps.store.internal.scheduledPrices[sub.id];
  const first = sub.items.data[0];
  const price = scheduled ? priceOrNull(deps, scheduled) : null;
  if (price && first) swapPrice(sub, { itemId: first.id, price, quantity: first.quantity });
  delete deps.store.internal.scheduledPrices[sub.id];
  const oldStart = first?.current_period_start ?? boundary;
  for (const item of sub.items.data) {
    item.current_period_start = boundary;
    item.current_period_end = nextPeriodEnd(Number(sub["billing_cycle_anchor"]), boundary, item.price.recurring ?? { interval: "month", interval_count: 1 });
  }
  const invoice = createSubscriptionInvoice(deps, sub, {
    billingReason: "subscription_cycle",
    periodLines: sub.items.data.map((item) => periodLine(deps, item, { start: item.current_period_start, end: item.current_period_end })),
    invoiceItems: pendingItems(deps, sub.id),
    period: { start: oldStart, end: boundary },
  });
  // An unpaid subscription's invoices stay drafts and are never attempted (stripe-facts.md §8).
  if (sub.status !== "unpaid") {
    invoice.auto_advance = true;
    invoice.automatically_finalizes_at = boundary + DRAFT_SECONDS;
    invoice.next_payment_attempt = boundary + DRAFT_SECONDS;
  }
  sub.latest_invoice = invoice.id;
  deps.store.touch();
  deps.bus.emit("invoice.created", invoice);
  deps.bus.emit("customer.subscription.updated", sub, previous);
}
