import type { Deps } from "../core/deps";
import { invalidRequest, type StripeApiError } from "../http/errors";
import { anyEligible, type Discountable } from "../money/discounts";
import { formatAmount } from "../money/currencies";
import type { Coupon } from "../objects/coupon";
import type { PromotionCode } from "../objects/promotion-code";
import { hasPriorTransactions, promotionCodeExpired, refreshCoupon, refreshPromotionCode, termsOf } from "./validity";

/** What a discount is checked against: a Checkout Session's lines and buyer. */
export type DiscountContext = { currency: string; lines: Discountable[]; subtotal: number; customer: string | null };

function refuse(message: string, param: string, code?: string): StripeApiError {
  return invalidRequest(message, { param, ...(code ? { code } : {}) });
}

function couponRefusal(deps: Deps, coupon: Coupon, ctx: DiscountContext, param: string): StripeApiError | null {
  refreshCoupon(deps, coupon);
  const now = deps.clock.now();
  if (deps.store.internal.deletedCoupons[coupon.id]) return refuse(`No such coupon: '${coupon.id}'`, param, "resource_missing");
  if (coupon.redeem_by !== null && now >= coupon.redeem_by) return refuse(`Coupon ${coupon.id} has expired and can no longer be redeemed.`, param, "coupon_expired");
  if (!coupon.valid) return refuse(`Coupon ${coupon.id} has been redeemed the maximum number of times and is no longer valid.`, param);
  if (coupon.amount_off !== null && coupon.currency !== ctx.currency) {
    return refuse(`Coupon ${coupon.id} is in ${String(coupon.currency)}, which does not match the Checkout Session's currency (${ctx.currency}).`, param);
  }
  if (!anyEligible(ctx.lines, termsOf(deps, coupon))) return refuse(`Coupon ${coupon.id} does not apply to any of the products in this Checkout Session.`, param);
  return null;
}

function promotionCodeRefusal(deps: Deps, promo: PromotionCode, ctx: DiscountContext, param: string): StripeApiError | null {
  refreshPromotionCode(deps, promo);
  if (promotionCodeExpired(deps, promo)) return refuse(`Promotion code ${promo.code} has expired and can no longer be redeemed.`, param, "coupon_expired");
  if (promo.max_redemptions !== null && promo.times_redeemed >= promo.max_redemptions) {
    return refuse(`Promotion code ${promo.code} has been redeemed the maximum number of times and is no longer active.`, param);
  }
  if (deps.store.internal.promotionCodeActive[promo.id] === false) return refuse(`Promotion code ${promo.code} is inactive.`, param);
  if (promo.customer !== null && promo.customer !== ctx.customer) return refuse(`Promotion code ${promo.code} can only be redeemed by another customer.`, param);
  const r = promo.restrictions;
  if (r.first_time_transaction && ctx.customer && hasPriorTransactions(deps, ctx.customer)) {
    return refuse("This promotion code cannot be redeemed because the associated customer has prior transactions.", param);
  }
  if (r.minimum_amount !== null && (r.minimum_amount_currency !== ctx.currency || ctx.subtotal < r.minimum_amount)) {
    const minimum = formatAmount(r.minimum_amount, r.minimum_amount_currency ?? ctx.currency);
    return refuse(`Promotion code ${promo.code} requires an order of at least ${minimum}.`, param);
  }
  return null;
}

/**
 * Why a coupon or promotion code can't discount this session, as the StripeApiError to throw, or null.
 * Stripe's own wording is known only for prior transactions and the `coupon_expired` code (stripe-facts.md
 * §9); the other messages are the sandbox's, and name the code or coupon.
 */
export function discountRefusal(deps: Deps, coupon: Coupon, promo: PromotionCode | null, ctx: DiscountContext, param: string): StripeApiError | null {
  return (promo ? promotionCodeRefusal(deps, promo, ctx, param) : null) ?? couponRefusal(deps, coupon, ctx, param);
}
