import type Stripe from "stripe";
import { stripe } from "@/lib/stripe-gateway/client";
import { call, read, write } from "@/lib/stripe-gateway/calls";

// Coupons and the promotion codes buyers type on Checkout, as the catalog setup makes them.

export async function retrieveCoupon(couponId: string): Promise<Stripe.Coupon | null> {
  return (await read(() => stripe().coupons.retrieve(couponId)))?.value ?? null;
}

export async function createCoupon(params: Stripe.CouponCreateParams & { id: string }): Promise<Stripe.Coupon> {
  return write(`coupon:${params.id}`, (idempotencyKey) => stripe().coupons.create(params, { idempotencyKey }));
}

/** Every promotion code with this text, active or not (Stripe matches it whatever its case). */
export async function promotionCodesNamed(code: string): Promise<Stripe.PromotionCode[]> {
  const { data } = await call(() => stripe().promotionCodes.list({ code, limit: 100 }));
  return data;
}

export async function createPromotionCode(params: Stripe.PromotionCodeCreateParams & { code: string }): Promise<Stripe.PromotionCode> {
  return write(`promotion_code:${params.code}`, (idempotencyKey) => stripe().promotionCodes.create(params, { idempotencyKey }));
}
