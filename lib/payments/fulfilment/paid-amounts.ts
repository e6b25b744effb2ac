import type Stripe from "stripe";

// What a buyer actually paid, as a completed Checkout Session states it. The purchase row is made
// when the session is created, before the buyer types a promotion code or an address that tax
// depends on, so only the completed session knows the figures; once complete they never change,
// which makes recording them idempotent whatever order the events arrive in.

export interface PaidAmounts {
  /** `amount_total`: what was charged, after discounts and tax. */
  amountCents: number;
  /** `amount_subtotal`: the items before discounts and tax. */
  subtotalCents: number;
  discountCents: number;
  taxCents: number;
  /** The code the buyer entered, when the discount came from a promotion code. */
  promotionCode: string | null;
}

/** The paid amounts of a completed session, or null while it is open or after it expired. */
export function paidAmountsOf(session: Stripe.Checkout.Session): PaidAmounts | null {
  if (session.status !== "complete" || session.amount_total === null) return null;
  return {
    amountCents: session.amount_total,
    subtotalCents: session.amount_subtotal ?? session.amount_total,
    discountCents: session.total_details?.amount_discount ?? 0,
    taxCents: session.total_details?.amount_tax ?? 0,
    promotionCode: promotionCodeOf(session.discounts),
  };
}

/**
 * The code text needs `discounts.promotion_code` expanded (lib/stripe-gateway/checkout-sessions.ts
 * asks for it); Checkout applies one discount at a time, but the field is a list.
 */
function promotionCodeOf(discounts: Stripe.Checkout.Session.Discount[] | null): string | null {
  const codes = (discounts ?? []).flatMap(({ promotion_code: code }) => (code && typeof code === "object" ? [code.code] : []));
  return codes.length > 0 ? codes.join(", ") : null;
}
