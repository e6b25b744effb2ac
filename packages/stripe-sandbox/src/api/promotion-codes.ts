import type { Deps } from "../core/deps";
import { newId, randomChars } from "../core/ids";
import { invalidRequest, missingParam } from "../http/errors";
import { applyMetadata, freshMetadata, type Params } from "../http/params";
import { checkCurrency } from "../money/currencies";
import { buildPromotionCode, type PromotionCode } from "../objects/promotion-code";
import { getCoupon, getPromotionCode, refreshPromotionCode } from "../discounts/validity";
import { createdFilter, LIST_PARAMS, paginate } from "./lists";
import { getCustomer } from "./lookups";
import type { ApiRouter } from "./types";

const CREATE_PARAMS = ["promotion", "code", "active", "customer", "customer_account", "expires_at", "max_redemptions", "metadata", "restrictions"];
const CODE = /^[A-Za-z0-9-]{1,500}$/;

/** Codes are unique case-insensitively among active codes (per customer, for customer-bound ones). */
function checkUnique(deps: Deps, code: string, customer: string | null): void {
  const clash = deps.store
    .list<PromotionCode>("promotion_code")
    .some((x) => x.code.toLowerCase() === code.toLowerCase() && x.customer === customer && refreshPromotionCode(deps, x).active);
  if (clash) throw invalidRequest(`An active promotion code with \`code: ${code}\` already exists.`, { param: "code" });
}

function restrictionsOf(p: Params): { firstTime: boolean; minimum: number | null; minimumCurrency: string | null } {
  const r = p.object("restrictions")?.allowOnly(["first_time_transaction", "minimum_amount", "minimum_amount_currency", "currency_options"]);
  const minimum = r?.int("minimum_amount") ?? null;
  const currency = r?.string("minimum_amount_currency");
  if (minimum !== null && minimum < 0) throw invalidRequest("Invalid non-negative integer", { param: "restrictions[minimum_amount]" });
  if (minimum !== null && !currency) throw missingParam("restrictions[minimum_amount_currency]");
  return { firstTime: r?.bool("first_time_transaction") ?? false, minimum, minimumCurrency: currency ? checkCurrency(currency, "restrictions[minimum_amount_currency]") : null };
}

function createPromotionCode(deps: Deps, p: Params): PromotionCode {
  p.allowOnly(CREATE_PARAMS);
  const promotion = p.object("promotion")?.allowOnly(["type", "coupon"]);
  if (!promotion) throw missingParam("promotion");
  if (promotion.oneOf("type", ["coupon"] as const) === undefined) throw missingParam("promotion[type]");
  const coupon = getCoupon(deps, promotion.requiredString("coupon"), "promotion[coupon]");
  if (!coupon.valid) throw invalidRequest(`Coupon ${coupon.id} is no longer valid.`, { param: "promotion[coupon]" });
  const customer = p.string("customer") ? getCustomer(deps, p.requiredString("customer"), "customer").id : null;
  const code = p.string("code") ?? randomChars(8).toUpperCase();
  if (!CODE.test(code)) throw invalidRequest("Invalid code: use only letters, digits and dashes.", { param: "code" });
  const expiresAt = p.int("expires_at") ?? null;
  if (expiresAt !== null && expiresAt <= deps.clock.now()) throw invalidRequest("Invalid expires_at: must be in the future", { param: "expires_at" });
  if (expiresAt !== null && coupon.redeem_by !== null && expiresAt > coupon.redeem_by) {
    throw invalidRequest("The promotion code's `expires_at` can't be after its coupon's `redeem_by`.", { param: "expires_at" });
  }
  const maxRedemptions = p.int("max_redemptions") ?? null;
  if (maxRedemptions !== null && maxRedemptions < 1) throw invalidRequest("Invalid max_redemptions: must be at least 1", { param: "max_redemptions" });
  if (maxRedemptions !== null && coupon.max_redemptions !== null && maxRedemptions > coupon.max_redemptions) {
    throw invalidRequest("The promotion code's `max_redemptions` can't be more than its coupon's.", { param: "max_redemptions" });
  }
  const active = p.bool("active") ?? true;
  if (active) checkUnique(deps, code, customer);
  const r = restrictionsOf(p);
  const promo = deps.store.insert(
    buildPromotionCode({
      id: newId("promo"),
      now: deps.clock.now(),
      code,
      coupon: coupon.id,
      customer,
      expiresAt,
      maxRedemptions,
      firstTimeTransaction: r.firstTime,
      minimumAmount: r.minimum,
      minimumAmountCurrency: r.minimumCurrency,
      metadata: freshMetadata(p.metadata()),
    }),
  );
  deps.store.internal.promotionCodeActive[promo.id] = active;
  refreshPromotionCode(deps, promo);
  deps.bus.emit("promotion_code.created", promo);
  return promo;
}

export function registerPromotionCodes(router: ApiRouter): void {
  router.add("POST", "/v1/promotion_codes", (deps, req) => createPromotionCode(deps, req.params));

  router.add("GET", "/v1/promotion_codes/:id", (deps, req) => getPromotionCode(deps, req.path.get("id")));

  router.add("POST", "/v1/promotion_codes/:id", (deps, req) => {
    const promo = getPromotionCode(deps, req.path.get("id"));
    const p = req.params.allowOnly(["active", "metadata", "restrictions"]);
    const previous: Record<string, unknown> = {};
    const active = p.bool("active");
    if (active !== undefined) {
      if (active && !deps.store.internal.promotionCodeActive[promo.id]) checkUnique(deps, promo.code, promo.customer);
      previous["active"] = promo.active;
      deps.store.internal.promotionCodeActive[promo.id] = active;
    }
    if (p.raw["metadata"] !== undefined) {
      previous["metadata"] = promo.metadata;
      promo.metadata = applyMetadata(promo.metadata, p.metadata());
    }
    refreshPromotionCode(deps, promo);
    deps.store.touch();
    deps.bus.emit("promotion_code.updated", promo, previous);
    return promo;
  });

  router.add("GET", "/v1/promotion_codes", (deps, req) => {
    const p = req.params.allowOnly([...LIST_PARAMS, "active", "code", "coupon", "customer", "customer_account", "created"]);
    const active = p.bool("active");
    const code = p.string("code")?.toLowerCase();
    const coupon = p.string("coupon");
    const customer = p.string("customer");
    const created = createdFilter(p);
    const items = deps.store
      .list<PromotionCode>("promotion_code")
      .map((x) => refreshPromotionCode(deps, x))
      .filter((x) => (active === undefined || x.active === active) && (!code || x.code.toLowerCase() === code))
      .filter((x) => (!coupon || x.promotion.coupon === coupon) && (!customer || x.customer === customer) && created(x));
    return paginate(items, p, "/v1/promotion_codes");
  });
}
