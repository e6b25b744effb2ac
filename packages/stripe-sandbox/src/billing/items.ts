import type { Deps } from "../core/deps";
import { planFromPrice, type Price } from "../objects/price";
import type { Subscription } from "../objects/subscription";

export type ItemChange = { itemId: string; price: Price; quantity: number };

/** Puts the new price on the item in place; the item id and its current period stay. */
export function swapPrice(sub: Subscription, change: ItemChange): void {
  const item = sub.items.data.find((i) => i.id === change.itemId);
  if (!item) return;
  item.price = change.price;
  item["plan"] = planFromPrice(change.price);
  item.quantity = change.quantity;
}

export function previousItems(sub: Subscription): Record<string, unknown> {
  return { items: structuredClone(sub.items) };
}

export function priceOrNull(deps: Deps, id: string): Price | null {
  return deps.store.get<Price>("price", id) ?? null;
}
