import type { Metadata } from "../core/types";

export type CouponDuration = "once" | "repeating" | "forever";

export type Coupon = {
  id: string;
  object: "coupon";
  amount_off: number | null;
  currency: string | null;
  percent_off: number | null;
  duration: CouponDuration;
  duration_in_months: number | null;
  max_redemptions: number | null;
  redeem_by: number | null;
  times_redeemed: number;
  valid: boolean;
  name: string | null;
  metadata: Metadata;
  created: number;
  [key: string]: unknown;
};

/** What discount arithmetic needs of a coupon (money/discounts.ts). */
export type CouponTerms = Pick<Coupon, "amount_off" | "currency" | "percent_off"> & { products: string[] | null };

export function buildCoupon(input: {
  id: string;
  now: number;
  amountOff: number | null;
  currency: string | null;
  percentOff: number | null;
  duration: CouponDuration;
  durationInMonths: number | null;
  maxRedemptions: number | null;
  redeemBy: number | null;
  name: string | null;
  metadata: Metadata;
}): Coupon {
  return {
    id: input.id,
    object: "coupon",
    amount_off: input.amountOff,
    created: input.now,
    currency: input.currency,
    duration: input.duration,
    duration_in_months: input.durationInMonths,
    livemode: false,
    max_redemptions: input.maxRedemptions,
    metadata: input.metadata,
    name: input.name,
    percent_off: input.percentOff,
    redeem_by: input.redeemBy,
    times_redeemed: 0,
    valid: true,
  };
}

/** A coupon's terms; `applies_to` is includable on the coupon, so its products are kept beside it (store.internal). */
export function couponTerms(coupon: Coupon, products: string[] | undefined): CouponTerms {
  return { amount_off: coupon.amount_off, currency: coupon.currency, percent_off: coupon.percent_off, products: products ?? null };
}
