import type { Deps } from "../core/deps";
import type { SessionExtras } from "../core/store";
import { discountPerLine, type Discountable } from "../money/discounts";
import type { TaxBehavior } from "../money/tax";
import type { CheckoutSession } from "../objects/checkout-session";
import type { Coupon } from "../objects/coupon";
import type { Discount } from "../objects/discount";
import { computeTax, type TaxOutcome } from "../tax/compute";
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
function lineDiscounts(deps: Deps, session: CheckoutSession, extras: SessionExtras): number[] {
  const found = sessionDiscount(deps, extras);
  const lines = discountableLines(extras);
  return found ? discountPerLine(lines, termsOf(deps, found.coupon), session.currency) : lines.map(() => 0);
}

/** Automatic tax on each line after its discount, or null when the session does not compute tax. */
function lineTaxes(deps: Deps, extras: SessionExtras, off: number[]): TaxOutcome | null {
  if (!extras.tax) return null;
  const lines = extras.lineItems.map((li, i) => ({ amount: li.amount_subtotal - (off[i] ?? 0), behavior: (li.price["tax_behavior"] === "inclusive" ? "inclusive" : "exclusive") as TaxBehavior }));
  return computeTax(deps, extras.tax.location, lines);
}

/**
 * Writes the session's money fields from its lines, discount, tax and trial, as Stripe reports them:
 * `amount_subtotal` before discounts, `total_details.amount_discount` and `.amount_tax` (inclusive tax
 * counted too), `amount_total` after discounts and with exclusive tax, each line's `amount_discount`,
 * `amount_tax` and `amount_total`, `discounts` (the coupon or promotion code it came from) and
 * `automatic_tax.status`. A trial's session is what is due today: nothing (its lines still show the price).
 */
export function applyTotals(deps: Deps, session: CheckoutSession, extras: SessionExtras): void {
  const off = lineDiscounts(deps, session, extras);
  const taxes = lineTaxes(deps, extras, off);
  let exclusiveTax = 0;
  extras.lineItems.forEach((li, i) => {
    const tax = taxes?.lines[i];
    const added = tax?.behavior === "exclusive" ? tax.amount : 0;
    exclusiveTax += added;
    li["amount_discount"] = off[i] ?? 0;
    li["amount_tax"] = tax?.amount ?? 0;
    li.amount_total = li.amount_subtotal - (off[i] ?? 0) + added;
  });
  const trial = Boolean(extras.subscriptionData.trial);
  const subtotal = trial ? 0 : extras.lineItems.reduce((sum, li) => sum + li.amount_subtotal, 0);
  const discount = trial ? 0 : off.reduce((sum, amount) => sum + amount, 0);
  const tax = trial ? 0 : (taxes?.lines.reduce((sum, line) => sum + line.amount, 0) ?? 0);
  session.amount_subtotal = subtotal;
  session.amount_total = subtotal - discount + (trial ? 0 : exclusiveTax);
  session["total_details"] = { amount_discount: discount, amount_shipping: 0, amount_tax: tax };
  if (taxes) session["automatic_tax"] = { enabled: true, liability: { type: "self" }, provider: "stripe", status: taxes.status };
  const found = sessionDiscount(deps, extras);
  session["discounts"] = found ? [{ coupon: found.discount.promotion_code ? null : found.coupon.id, promotion_code: found.discount.promotion_code }] : [];
  deps.store.touch();
}

export type LineDetail = { discount: number; tax: TaxOutcome["lines"][number] | null };

/** The session's Discount and each line's discount and tax (for the includable `discounts`, `taxes` and `breakdown` fields). */
export function moneyDetails(deps: Deps, sessionId: string): { discount: Discount | null; lines: Map<string, LineDetail> } | null {
  const session = deps.store.get<CheckoutSession>("checkout.session", sessionId);
  const extras = deps.store.internal.sessions[sessionId];
  if (!session || !extras) return null;
  const off = lineDiscounts(deps, session, extras);
  const taxes = lineTaxes(deps, extras, off);
  const lines = new Map(extras.lineItems.map((li, i): [string, LineDetail] => [li.id, { discount: off[i] ?? 0, tax: taxes?.lines[i] ?? null }]));
  return { discount: sessionDiscount(deps, extras)?.discount ?? null, lines };
}
