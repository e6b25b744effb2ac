import type { Deps } from "../core/deps";
import type { ProrationInput } from "../objects/invoice-item";
import type { Subscription, SubscriptionItem } from "../objects/subscription";
import { productName } from "./invoices";
import type { ItemChange } from "./items";

function day(unix: number): string {
  return new Date(unix * 1000).toLocaleDateString("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });
}

/** The unused share (end − at)/(end − start) of an amount, rounded half away from zero; null once the period is over. */
function remaining(item: SubscriptionItem, at: number): { share: (amount: number) => number; from: number } | null {
  const start = item.current_period_start;
  const end = item.current_period_end;
  const from = Math.max(at, start);
  if (from >= end) return null;
  return { share: (amount) => Math.round((amount * (end - from)) / (end - start)), from };
}

function unusedTime(deps: Deps, sub: Subscription, item: SubscriptionItem, at: number): ProrationInput | null {
  const left = remaining(item, at);
  if (!left) return null;
  return {
    period: { start: left.from, end: item.current_period_end },
    subscription: sub.id,
    subscriptionItem: item.id,
    amount: -left.share(item.price.unit_amount * item.quantity),
    description: `Unused time on ${productName(deps, item.price)} after ${day(left.from)}`,
    price: item.price,
    quantity: item.quantity,
  };
}

/**
 * Changing an item's price at `at` in its period [start, end) credits the old price for the unused share
 * (end − at)/(end − start) and charges the new price for the same share. Each line is rounded on its own
 * to whole minor units, half away from zero, so the credit and the charge stay symmetric.
 */
export function prorationsFor(deps: Deps, sub: Subscription, change: ItemChange, at: number): ProrationInput[] {
  const item = sub.items.data.find((i) => i.id === change.itemId);
  const left = item ? remaining(item, at) : null;
  const credit = item ? unusedTime(deps, sub, item, at) : null;
  if (!item || !left || !credit) return [];
  const charge: ProrationInput = {
    ...credit,
    amount: left.share(change.price.unit_amount * change.quantity),
    description: `Remaining time on ${productName(deps, change.price)} after ${day(left.from)}`,
    price: change.price,
    quantity: change.quantity,
  };
  return [credit, charge];
}

/** Canceling now with `prorate` credits every item's unused time, rounded like a plan change's credit. */
export function unusedTimeCredits(deps: Deps, sub: Subscription, at: number): ProrationInput[] {
  return sub.items.data.map((item) => unusedTime(deps, sub, item, at)).filter((credit) => credit !== null);
}
