import type { Deps } from "../core/deps";
import { currentPeriodEnd, type Subscription, type SubscriptionItem } from "../objects/subscription";
import { createSubscriptionInvoice, finalizeInvoice, pendingItems, periodLine } from "./invoices";
import { previousItems, swapPrice, type ItemChange } from "./items";
import { addInterval } from "./periods";
import { collectChange, refuseIfDeclines, type PaymentBehavior } from "./plan-change";
import { trialWarningDueAt, warnTrialEnding, WARNING_SECONDS } from "./trial";

/** `trial_end` on an update or a preview: `now` ends the trial at once, a timestamp moves its end. */
export type TrialEnd = "now" | number;

const MONTH = { interval: "month", interval_count: 1 } as const;

/** The subscription's items with the price change applied: what the period that ends a trial bills. */
export function itemsAfter(sub: Subscription, change: ItemChange | null): SubscriptionItem[] {
  return sub.items.data.map((item) => (change && change.itemId === item.id ? { ...item, price: change.price, quantity: change.quantity } : item));
}

/** The first paid period when a trial ends at `start`: one interval of each item's price, which also becomes the billing anchor. */
export function firstPaidPeriod(item: Pick<SubscriptionItem, "price">, start: number): { start: number; end: number } {
  return { start, end: addInterval(start, item.price.recurring ?? MONTH) };
}

/** What moving the trial's end changes besides the items, for `previous_attributes`. */
function trialFields(sub: Subscription): Record<string, unknown> {
  return { trial_end: sub.trial_end, billing_cycle_anchor: sub["billing_cycle_anchor"], ...(sub.cancel_at_period_end ? { cancel_at: sub.cancel_at } : {}) };
}

/** The warning Stripe sends three days before a trial's end goes out at once when fewer than three days are left (stripe-facts.md §9). */
function warnIfDue(deps: Deps, sub: Subscription): void {
  const due = trialWarningDueAt(deps, sub);
  if (due !== null && due <= deps.clock.now()) warnTrialEnding(deps, sub);
}

/**
 * `trial_end=now`: the trial ends at once (stripe-facts.md §8 "A trial starts or ends"): the subscription is
 * `active`, a new billing period starts now and anchors the cycle, and a `subscription_update` invoice bills
 * that whole period (at the new price, with any pending items) and is charged now under `payment_behavior`;
 * `error_if_incomplete` with a card that would be declined refuses it all (402) before anything changes.
 * `customer.subscription.trial_will_end` follows at once unless it was already sent.
 */
function endTrialNow(deps: Deps, sub: Subscription, change: ItemChange | null, paymentBehavior: PaymentBehavior): void {
  const now = deps.clock.now();
  const due = [...itemsAfter(sub, change).map((item) => item.price.unit_amount * item.quantity), ...pendingItems(deps, sub.id).map((ii) => ii.amount)].reduce((a, b) => a + b, 0);
  if (due > 0 && paymentBehavior === "error_if_incomplete") refuseIfDeclines(deps, sub);
  const unwarned = trialWarningDueAt(deps, sub) !== null;
  const previous = { ...previousItems(sub), ...trialFields(sub), latest_invoice: sub.latest_invoice, status: sub.status };
  if (change) swapPrice(sub, change);
  sub.status = "active";
  sub.trial_end = now;
  sub["billing_cycle_anchor"] = now;
  for (const item of sub.items.data) {
    const period = firstPaidPeriod(item, now);
    item.current_period_start = period.start;
    item.current_period_end = period.end;
  }
  followPeriodEnd(sub);
  const invoice = createSubscriptionInvoice(deps, sub, {
    billingReason: "subscription_update",
    periodLines: sub.items.data.map((item) => periodLine(deps, item, { start: item.current_period_start, end: item.current_period_end })),
    invoiceItems: pendingItems(deps, sub.id),
    period: { start: now, end: now },
  });
  sub.latest_invoice = invoice.id;
  deps.bus.emit("invoice.created", invoice);
  finalizeInvoice(deps, invoice);
  deps.store.touch();
  deps.bus.emit("customer.subscription.updated", sub, previous);
  if (unwarned) warnTrialEnding(deps, sub);
  collectChange(deps, sub, invoice, paymentBehavior);
}

/** A subscription set to cancel at its period end keeps doing so when the period moves. */
function followPeriodEnd(sub: Subscription): void {
  if (sub.cancel_at_period_end) sub.cancel_at = currentPeriodEnd(sub);
}

/** A later trial end: the trial and its period run to `end`, which anchors the cycle; a warning already sent is due again if the new end is more than three days away. */
function moveTrialEnd(deps: Deps, sub: Subscription, end: number): void {
  sub.trial_end = end;
  sub["billing_cycle_anchor"] = end;
  for (const item of sub.items.data) item.current_period_end = end;
  followPeriodEnd(sub);
  if (end - WARNING_SECONDS > deps.clock.now()) delete deps.store.internal.trialWillEndSent[sub.id];
}

/**
 * `subscriptions.update` on a trialing subscription: a price change, a new `trial_end`, or both. Only
 * `now` bills anything; otherwise the trial goes on (to its new end) on the new price, with nothing to
 * prorate because the trial costs nothing, and the first paid period at its end bills the new price.
 */
export function changeTrial(deps: Deps, sub: Subscription, change: ItemChange | null, trialEnd: TrialEnd | null, paymentBehavior: PaymentBehavior): void {
  if (trialEnd === "now") return endTrialNow(deps, sub, change, paymentBehavior);
  const previous = { ...previousItems(sub), ...(trialEnd === null ? {} : trialFields(sub)) };
  if (change) swapPrice(sub, change);
  if (trialEnd !== null) moveTrialEnd(deps, sub, trialEnd);
  deps.store.touch();
  deps.bus.emit("customer.subscription.updated", sub, previous);
  warnIfDue(deps, sub);
}
