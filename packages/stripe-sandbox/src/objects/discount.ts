export type Discount = {
  id: string;
  object: "discount";
  checkout_session: string | null;
  customer: string | null;
  end: number | null;
  invoice: string | null;
  promotion_code: string | null;
  /** Since 2025-09-30.clover the coupon sits under `source` (stripe-facts.md §9). */
  source: { coupon: string; type: "coupon" };
  start: number;
  subscription: string | null;
  [key: string]: unknown;
};

export function buildDiscount(input: {
  id: string;
  now: number;
  coupon: string;
  promotionCode: string | null;
  checkoutSession: string | null;
  customer: string | null;
}): Discount {
  return {
    id: input.id,
    object: "discount",
    checkout_session: input.checkoutSession,
    customer: input.customer,
    customer_account: null,
    end: null,
    invoice: null,
    invoice_item: null,
    promotion_code: input.promotionCode,
    source: { coupon: input.coupon, type: "coupon" },
    start: input.now,
    subscription: null,
    subscription_item: null,
  };
}
