import type { Deps } from "../core/deps";
import { resourceMissing } from "../http/errors";
import type { Charge } from "../objects/charge";
import { couponTerms, type Coupon, type CouponTerms } from "../objects/coupon";
import type { Invoice } from "../objects/invoice";
import type { PromotionCode } from "../objects/promotion-code";

/** `valid` as Stripe renders it: not deleted, not past `redeem_by`, not redeemed `max_redemptions` times. */
export function refreshCoupon(deps: Deps, coupon: Coupon): Coupon {
  const now = deps.clock.now();
  coupon.valid =
    !deps.store.internal.deletedCoupons[coupon.id] &&
    (coupon.redeem_by === null || now < coupon.redeem_by) &&
    (coupon.max_redemptions === null || coupon.times_redeemed < coupon.max_redemptions);
  return coupon;
}

/** `active` as Stripe renders it: switched on, its coupon valid, not expired and not used up. */
export function refreshPromotionCode(deps: Deps, promo: PromotionCode): PromotionCode {
  const coupon = deps.store.get<Coupon>("coupon", promo.promotion.coupon);
  promo.active =
    (deps.store.internal.promotionCodeActive[promo.id] ?? true) &&
    coupon !== undefined &&
    refreshCoupon(deps, coupon).valid &&
    !promotionCodeExpired(deps, promo) &&
    (promo.max_redemptions === null || promo.times_redeemed < promo.max_redemptions);
  return promo;
}

export function promotionCodeExpired(deps: Deps, promo: PromotionCode): boolean {
  return promo.expires_at !== null && deps.clock.now() >= promo.expires_at;
}

/** A coupon the API can still name; deleted ones answer 404 like unknown ones. */
export function getCoupon(deps: Deps, id: string, param = "id"): Coupon {
  const coupon = deps.store.get<Coupon>("coupon", id);
  if (!coupon || deps.store.internal.deletedCoupons[id]) throw resourceMissing("coupon", id, param);
  return refreshCoupon(deps, coupon);
}

export function getPromotionCode(deps: Deps, id: string, param = "id"): PromotionCode {
  const promo = deps.store.get<PromotionCode>("promotion_code", id);
  if (!promo) throw resourceMissing("promotion_code", id, param);
  return refreshPromotionCode(deps, promo);
}

export function termsOf(deps: Deps, coupon: Coupon): CouponTerms {
  return couponTerms(coupon, deps.store.internal.couponProducts[coupon.id]);
}

/** Stripe's "first-time" test: the customer has no successful payment and no paid invoice. */
export function hasPriorTransactions(deps: Deps, customerId: string): boolean {
  const paidCharge = deps.store.list<Charge>("charge").some((c) => c.customer === customerId && c.status === "succeeded" && c.amount > 0);
  return paidCharge || deps.store.list<Invoice>("invoice").some((i) => i.customer === customerId && i.status === "paid" && i.amount_paid > 0);
}
