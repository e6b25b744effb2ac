import type { Deps } from "../core/deps";
import type { ProrationInput } from "../objects/invoice-item";
import type { Subscription } from "../objects/subscription";
import { productName } from "./invoices";
import type { ItemChange } from "./items";

function day(unix: number): string {
  return new Date(unix * 1000).toLocaleDateString("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });
}

/**
 * Changing an item's price at `at` in its period [start, end) credits the old price for the unused share
 * (end − at)/(end − start) and charges the new price for the same share. Each line is rounded on its own
 * to whole minor units, half away from zero, so the credit and the charge stay symmetric.
 */
export function prorationsFor(deps: Deps, sub: Subscription, change: ItemChange, at: number): ProrationInput[] {
  const item = sub.items.data.find((i) => i.id === change.itemId);
  if (!item) return [];
  const start = item.current_period_start;
  const end = item.current_period_end;
  const from = Math.max(at, start);
  if (from >= end) return [];
  const share = (amount: number): number => Math.round((amount * (end - from)) / (end - start));
  const period = { start: from, end };
  const common = { period, subscription: sub.id, subscriptionItem: item.id };
  return [
    {
      ...common,
      amount: -share(item.price.unit_amount * item.quantity),
      description: `Unused time on ${productName(deps, item.price)} after ${day(from)}`,
      price: item.price,
      quantity: item.quantity,
    },
    {
      ...common,
      amount: share(change.price.unit_amount * change.quantity),
      description: `Remaining time on ${productName(deps, change.price)} after ${day(from)}`,
      price: change.price,
      quantity: change.quantity,
    },
  ];
}
