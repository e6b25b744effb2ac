import type { Metadata } from "../core/types";

export type PromotionCode = {
  id: string;
  object: "promotion_code";
  active: boolean;
  code: string;
  customer: string | null;
  expires_at: number | null;
  max_redemptions: number | null;
  /** Since 2025-09-30.clover the coupon sits under `promotion` (stripe-facts.md §9). */
  promotion: { coupon: string; type: "coupon" };
  restrictions: { first_time_transaction: boolean; minimum_amount: number | null; minimum_amount_currency: string | null };
  times_redeemed: number;
  metadata: Metadata;
  created: number;
  [key: string]: unknown;
};

export function buildPromotionCode(input: {
  id: string;
  now: number;
  code: string;
  coupon: string;
  customer: string | null;
  expiresAt: number | null;
  maxRedemptions: number | null;
  firstTimeTransaction: boolean;
  minimumAmount: number | null;
  minimumAmountCurrency: string | null;
  metadata: Metadata;
}): PromotionCode {
  return {
    id: input.id,
    object: "promotion_code",
    active: true,
    code: input.code,
    created: input.now,
    customer: input.customer,
    customer_account: null,
    expires_at: input.expiresAt,
    livemode: false,
    max_redemptions: input.maxRedemptions,
    metadata: input.metadata,
    promotion: { coupon: input.coupon, type: "coupon" },
    restrictions: { first_time_transaction: input.firstTimeTransaction, minimum_amount: input.minimumAmount, minimum_amount_currency: input.minimumAmountCurrency },
    times_redeemed: 0,
  };
}
