import type { Deps } from "../core/deps";
import type { Subscription } from "../objects/subscription";
import { defaultPaymentMethod } from "./collect";
import { endSubscription } from "./end";

/** Stripe sends `customer.subscription.trial_will_end` three days before a trial ends (stripe-facts.md §8). */
export const WARNING_SECONDS = 3 * 86_400;

/** When the trial's warning falls due: three days before its end, or at once for a shorter trial; null once sent. */
export function trialWarningDueAt(deps: Deps, sub: Subscription): number | null {
  if (sub.status !== "trialing" || sub.trial_end === null || deps.store.internal.trialWillEndSent[sub.id]) return null;
  return Math.max(sub.trial_end - WARNING_SECONDS, sub.trial_start ?? sub.created);
}

export function warnTrialEnding(deps: Deps, sub: Subscription): void {
  deps.store.internal.trialWillEndSent[sub.id] = true;
  deps.store.touch();
  deps.bus.emit("customer.subscription.trial_will_end", sub);
}

/**
 * The trial's end (deps' clock reads it). Without a payment method, `trial_settings.end_behavior.missing_payment_method`
 * decides: `cancel` ends the subscription and `pause` pauses it (`customer.subscription.paused`), both
 * without an invoice; otherwise (`create_invoice`, or a card on file) it becomes `active` and the caller
 * bills the first paid period, whose failure then makes it `past_due`. Returns whether billing goes on.
 */
export function endTrial(deps: Deps, sub: Subscription): boolean {
  const behaviour = sub.trial_settings.end_behavior.missing_payment_method;
  if (!defaultPaymentMethod(deps, { subscription: sub.id, customer: sub.customer }) && behaviour !== "create_invoice") {
    if (behaviour === "cancel") {
      endSubscription(deps, sub, "cancellation_requested");
      return false;
    }
    const previous = { status: sub.status };
    sub.status = "paused";
    deps.store.touch();
    deps.bus.emit("customer.subscription.paused", sub);
    deps.bus.emit("customer.subscription.updated", sub, previous);
    return false;
  }
  sub.status = "active";
  return true;
}
