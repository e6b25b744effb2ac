import type { Deps } from "../core/deps";
import { newId } from "../core/ids";
import type { SessionExtras } from "../core/store";
import { invalidRequest, resourceMissing } from "../http/errors";
import { checkChargeAmount } from "../money/currencies";
import type { CheckoutSession } from "../objects/checkout-session";
import type { Coupon } from "../objects/coupon";
import { buildDiscount, type Discount } from "../objects/discount";
import type { PromotionCode } from "../objects/promotion-code";
import type { Subscription } from "../objects/subscription";
import { addInterval } from "../billing/periods";
import { discountRefusal, type DiscountContext } from "../discounts/applicable";
import { refreshCoupon, refreshPromotionCode } from "../discounts/validity";
import { applyTotals, discountableLines, sessionDiscount } from "./totals";

function contextOf(session: CheckoutSession, extras: SessionExtras): DiscountContext {
  const lines = discountableLines(extras);
  return { currency: session.currency, lines, subtotal: lines.reduce((sum, l) => sum + l.amount, 0), customer: session.customer ?? extras.customer };
}

function dropDiscount(deps: Deps, extras: SessionExtras): void {
  if (extras.discount) deps.store.delete(extras.discount);
  extras.discount = null;
}

/** Checks the coupon or code against the session (throwing Stripe's error) and makes it the session's one discount. */
export function attachDiscount(deps: Deps, session: CheckoutSession, extras: SessionExtras, coupon: Coupon, promo: PromotionCode | null, param: string): void {
  const refusal = discountRefusal(deps, coupon, promo, contextOf(session, extras), param);
  if (refusal) throw refusal;
  const previous = extras.discount ?? null;
  const discount = deps.store.insert(
    buildDiscount({ id: newId("di"), now: deps.clock.now(), coupon: coupon.id, promotionCode: promo?.id ?? null, checkoutSession: session.id, customer: session.customer }),
  );
  extras.discount = discount.id;
  applyTotals(deps, session, extras);
  // A discount that leaves a total between zero and the minimum charge can't be paid (a free order can).
  if (session.amount_total > 0) {
    try {
      checkChargeAmount(session.amount_total, session.currency, "The Checkout Session's total amount due");
    } catch (err) {
      deps.store.delete(discount.id);
      extras.discount = previous;
      applyTotals(deps, session, extras);
      throw err;
    }
  }
  if (previous) deps.store.delete(previous);
}

function openSessionOf(deps: Deps, sessionId: string): { session: CheckoutSession; extras: SessionExtras } {
  const session = deps.store.get<CheckoutSession>("checkout.session", sessionId);
  const extras = deps.store.internal.sessions[sessionId];
  if (!session || !extras) throw resourceMissing("checkout.session", sessionId);
  if (session.status !== "open") throw invalidRequest(`This Checkout Session is no longer active (status: ${session.status}).`, { code: "checkout_session_inactive" });
  if (session["allow_promotion_codes"] !== true) throw invalidRequest("This Checkout Session does not accept promotion codes.", { param: "promotion_code" });
  return { session, extras };
}

/**
 * A buyer typing a code on the checkout page (or the promotion_code control): matched case-insensitively,
 * preferring an active code meant for this buyer, then checked like a code passed at creation.
 */
export function enterPromotionCode(deps: Deps, sessionId: string, code: string): CheckoutSession {
  const { session, extras } = openSessionOf(deps, sessionId);
  const customer = session.customer ?? extras.customer;
  const matches = deps.store
    .list<PromotionCode>("promotion_code")
    .filter((x) => x.code.toLowerCase() === code.trim().toLowerCase())
    .map((x) => refreshPromotionCode(deps, x));
  const promo = matches.find((x) => x.active && x.customer === customer) ?? matches.find((x) => x.active) ?? matches[0];
  const coupon = promo ? deps.store.get<Coupon>("coupon", promo.promotion.coupon) : undefined;
  if (!promo || !coupon) throw invalidRequest("This code is invalid.", { param: "promotion_code" });
  attachDiscount(deps, session, extras, coupon, promo, "promotion_code");
  return session;
}

export function removePromotionCode(deps: Deps, sessionId: string): CheckoutSession {
  const { session, extras } = openSessionOf(deps, sessionId);
  dropDiscount(deps, extras);
  applyTotals(deps, session, extras);
  return session;
}

/** Before paying: a code may have expired or been used up since it was applied; Stripe refuses it then. */
export function discountStillApplies(deps: Deps, session: CheckoutSession, extras: SessionExtras): ReturnType<typeof discountRefusal> {
  const found = sessionDiscount(deps, extras);
  if (!found) return null;
  const promo = found.discount.promotion_code ? (deps.store.get<PromotionCode>("promotion_code", found.discount.promotion_code) ?? null) : null;
  return discountRefusal(deps, found.coupon, promo, contextOf(session, extras), promo ? "promotion_code" : "coupon");
}

/**
 * At completion the coupon and code count one redemption, and the Discount belongs to the buyer: in
 * subscription mode it moves to the subscription (`customer.discount.created`), ending after
 * `duration_in_months` for a repeating coupon.
 */
export function redeemDiscount(deps: Deps, extras: SessionExtras, customer: string | null, subscription: Subscription | null): Discount | null {
  const found = sessionDiscount(deps, extras);
  if (!found) return null;
  const { discount, coupon } = found;
  coupon.times_redeemed += 1;
  refreshCoupon(deps, coupon);
  const promo = discount.promotion_code ? deps.store.get<PromotionCode>("promotion_code", discount.promotion_code) : undefined;
  if (promo) {
    promo.times_redeemed += 1;
    refreshPromotionCode(deps, promo);
  }
  discount.customer = customer;
  if (subscription) {
    discount.subscription = subscription.id;
    discount.checkout_session = null;
    discount.start = subscription.created;
    if (coupon.duration === "repeating" && coupon.duration_in_months !== null) {
      discount.end = addInterval(subscription.created, { interval: "month", interval_count: coupon.duration_in_months });
    }
    subscription["discounts"] = [discount.id];
    deps.bus.emit("customer.discount.created", discount);
  }
  deps.store.touch();
  return discount;
}
