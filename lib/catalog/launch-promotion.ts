import { coinPacks } from "@/lib/catalog/products";
import { createCoupon, createPromotionCode, promotionCodesNamed, retrieveCoupon } from "@/lib/stripe-gateway/promotions";

// The example launch promotion `npm run stripe:setup` makes: 20 % off a points pack, once, for a
// buyer's first purchase only, typed as LAUNCH20 on Stripe's Checkout page until 90 days after
// setup first made it. A store owner changes or ends it in the Stripe Dashboard; setup never
// touches a coupon or code that is already there.

export const launchPromotion = {
  couponId: "storefront_launch20",
  code: "LAUNCH20",
  percentOff: 20,
  /** How long the code can be redeemed, counted from when setup creates it. */
  days: 90,
  /** Which catalog products it discounts. */
  productKeys: coinPacks.map((pack) => pack.key),
} as const;

/**
 * Makes the coupon and its code unless they exist, for the Stripe products of the points packs
 * (their ids, since a coupon names Stripe's products); what it did, for setup's report.
 */
export async function ensureLaunchPromotion(packProductIds: string[]): Promise<{ coupon: "created" | "exists"; code: "created" | "exists" }> {
  const existing = await retrieveCoupon(launchPromotion.couponId);
  if (!existing) {
    await createCoupon({
      id: launchPromotion.couponId,
      name: `Launch: ${launchPromotion.percentOff}% off points packs`,
      percent_off: launchPromotion.percentOff,
      duration: "once",
      applies_to: { products: packProductIds },
    });
  }
  // Any code with this text counts, even one the owner deactivated: a second would be a new offer.
  const codes = await promotionCodesNamed(launchPromotion.code);
  if (codes.length === 0) {
    await createPromotionCode({
      promotion: { type: "coupon", coupon: launchPromotion.couponId },
      code: launchPromotion.code,
      restrictions: { first_time_transaction: true },
      expires_at: Math.floor(Date.now() / 1000) + launchPromotion.days * 86_400,
    });
  }
  return { coupon: existing ? "exists" : "created", code: codes.length > 0 ? "exists" : "created" };
}
