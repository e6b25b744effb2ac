import type { Deps } from "../core/deps";
import type { Coupon } from "../objects/coupon";
import type { Discount } from "../objects/discount";
import type { CouponTerms } from "../objects/coupon";
import type { Invoice } from "../objects/invoice";
import type { Subscription } from "../objects/subscription";
import { termsOf } from "../discounts/validity";

function discountOf(deps: Deps, sub: Subscription): { discount: Discount; coupon: Coupon } | null {
  const ids = Array.isArray(sub["discounts"]) ? (sub["discounts"] as string[]) : [];
  const discount = ids[0] ? deps.store.get<Discount>("discount", ids[0]) : undefined;
  const coupon = discount ? deps.store.get<Coupon>("coupon", discount.source.coupon) : undefined;
  return discount && coupon ? { discount, coupon } : null;
}

/** A `once` discount is used by the first invoice it took money off; a trial's zero invoice does not use it. */
function usedOnce(deps: Deps, discount: Discount): boolean {
  return deps.store
    .list<Invoice>("invoice")
    .some((invoice) => (invoice["total_discount_amounts"] as { amount: number; discount: string }[]).some((d) => d.discount === discount.id && d.amount > 0));
}

function applies(deps: Deps, found: { discount: Discount; coupon: Coupon }, at: number): boolean {
  if (found.discount.end !== null && at >= found.discount.end) return false;
  return found.coupon.duration !== "once" || !usedOnce(deps, found.discount);
}

/** The subscription's discount as an invoice dated `at` takes it (nothing is changed: previews use it too). */
export function subscriptionDiscount(deps: Deps, sub: Subscription, at: number): { id: string; terms: CouponTerms } | null {
  const found = discountOf(deps, sub);
  return found && applies(deps, found, at) ? { id: found.discount.id, terms: termsOf(deps, found.coupon) } : null;
}

/**
 * Before the next invoice is made, a discount that has run its course leaves the subscription: a `once`
 * one after the invoice it took money off, a repeating one at its `end` (stripe-facts.md §9).
 */
export function endSpentDiscount(deps: Deps, sub: Subscription): void {
  const found = discountOf(deps, sub);
  if (!found || applies(deps, found, deps.clock.now())) return;
  const previous = { discounts: sub["discounts"] };
  sub["discounts"] = [];
  deps.store.touch();
  deps.bus.emit("customer.discount.deleted", found.discount);
  deps.bus.emit("customer.subscription.updated", sub, previous);
}
