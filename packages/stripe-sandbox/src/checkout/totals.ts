import type { Deps } from "../core/deps";
import type { SessionExtras } from "../core/store";
import { discountPerLine, type Discountable } from "../money/discounts";
import type { CheckoutSession } from "../objects/checkout-session";
import type { Coupon } from "../objects/coupon";
import type { Discount } from "../objects/discount";
import { termsOf } from "../discounts/validity";

export function sessionDiscount(deps: Deps, extras: SessionExtras): { discount: Discount; coupon: Coupon } | null {
  const discount = extras.discount ? deps.store.get<Discount>("discount", extras.discount) : undefined;
  const coupon = discount ? deps.store.get<Coupon>("coupon", discount.source.coupon) : undefined;
  return discount && coupon ? { discount, coupon } : null;
}

export function discountableLines(extras: SessionExtras): Discountable[] {
  return extras.lineItems.map((li) => ({ amount: li.amount_subtotal, product: li.price.product, discountable: true }));
}

/** Each line's share of the session's discount, in line order. */
export function lineDiscounts(deps: Deps, session: CheckoutSession, extras: SessionExtras): number[] {
  const found = sessionDiscount(deps, extras);
  const lines = discountableLines(extras);
  return found ? discountPerLine(lines, termsOf(deps, found.coupon), session.currency) : lines.map(() => 0);
}

/**
 * Writes the session's money fields from its lines and discount (and trial), as Stripe reports them:
 * `amount_subtotal` before discounts, `total_details.amount_discount`, `amount_total` after, each line's
 * `amount_discount`/`amount_total`, and `discounts` (the coupon or promotion code it came from).
 */
export function applyTotals(deps: Deps, session: CheckoutSession, extras: SessionExtras): void {
  const off = lineDiscounts(deps, session, extras);
  extras.lineItems.forEach((li, i) => {
    li["amount_discount"] = off[i] ?? 0;
    li.amount_total = li.amount_subtotal - (off[i] ?? 0);
  });
  // A trial's session is what is due today: nothing (its line items still show the price).
  const trial = Boolean(extras.subscriptionData.trial);
  const subtotal = trial ? 0 : extras.lineItems.reduce((sum, li) => sum + li.amount_subtotal, 0);
  const discount = trial ? 0 : off.reduce((sum, amount) => sum + amount, 0);
  session.amount_subtotal = subtotal;
  session.amount_total = subtotal - discount;
  session["total_details"] = { amount_discount: discount, amount_shipping: 0, amount_tax: 0 };
  const found = sessionDiscount(deps, extras);
  session["discounts"] = found ? [{ coupon: found.discount.promotion_code ? null : found.coupon.id, promotion_code: found.discount.promotion_code }] : [];
  deps.store.touch();
}

/** The Discount behind the session's discount, with each line's share (for the includable `discounts` fields). */
export function discountDetails(deps: Deps, sessionId: string): { discount: Discount; perLine: Map<string, number>; total: number } | null {
  const session = deps.store.get<CheckoutSession>("checkout.session", sessionId);
  const extras = deps.store.internal.sessions[sessionId];
  const found = extras ? sessionDiscount(deps, extras) : null;
  if (!session || !extras || !found) return null;
  const off = lineDiscounts(deps, session, extras);
  return { discount: found.discount, perLine: new Map(extras.lineItems.map((li, i) => [li.id, off[i] ?? 0])), total: off.reduce((a, b) => a + b, 0) };
}
