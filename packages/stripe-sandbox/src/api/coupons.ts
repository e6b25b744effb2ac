import type { Deps } from "../core/deps";
import { randomChars } from "../core/ids";
import { invalidRequest, missingParam } from "../http/errors";
import { applyMetadata, freshMetadata, type Params } from "../http/params";
import { checkCurrency } from "../money/currencies";
import { buildCoupon, type Coupon } from "../objects/coupon";
import type { Product } from "../objects/product";
import { getCoupon, refreshCoupon } from "../discounts/validity";
import { createdFilter, LIST_PARAMS, paginate } from "./lists";
import type { ApiRouter } from "./types";

const CREATE_PARAMS = ["id", "amount_off", "currency", "percent_off", "duration", "duration_in_months", "max_redemptions", "redeem_by", "applies_to", "name", "metadata", "currency_options"];
const FIVE_YEARS = 5 * 365 * 86_400;

function positive(p: Params, key: string): number | null {
  const value = p.int(key);
  if (value !== undefined && value < 1) throw invalidRequest(`Invalid ${key}: must be at least 1`, { param: key });
  return value ?? null;
}

function appliesTo(deps: Deps, p: Params): string[] | undefined {
  const at = p.object("applies_to")?.allowOnly(["products"]);
  const products = at?.strings("products");
  products?.forEach((id, i) => {
    if (!deps.store.get<Product>("product", id)) throw invalidRequest(`No such product: '${id}'`, { param: `applies_to[products][${i}]`, code: "resource_missing" });
  });
  return products;
}

function createCoupon(deps: Deps, p: Params): Coupon {
  p.allowOnly(CREATE_PARAMS);
  const now = deps.clock.now();
  const id = p.string("id") ?? randomChars(8);
  if (deps.store.find(id)) throw invalidRequest("Coupon already exists.", { param: "id", code: "resource_already_exists" });
  const percentOff = p.string("percent_off") === undefined ? null : Number(p.string("percent_off"));
  const amountOff = positive(p, "amount_off");
  if (percentOff !== null && amountOff !== null) throw invalidRequest("You may only specify one of these parameters: amount_off, percent_off.", { param: "percent_off" });
  if (percentOff === null && amountOff === null) throw invalidRequest("You must specify either `amount_off` or `percent_off` for a coupon.", { param: "percent_off" });
  if (percentOff !== null && !(percentOff > 0 && percentOff <= 100)) throw invalidRequest("Invalid percent_off: must be greater than 0 and at most 100", { param: "percent_off" });
  const currency = p.string("currency") === undefined ? null : checkCurrency(p.requiredString("currency"));
  if (amountOff !== null && !currency) throw invalidRequest("You must pass a `currency` with `amount_off`.", { param: "currency" });
  const duration = p.oneOf("duration", ["once", "repeating", "forever"] as const) ?? "once";
  const months = positive(p, "duration_in_months");
  if (duration === "repeating" && months === null) throw missingParam("duration_in_months");
  if (duration !== "repeating" && months !== null) throw invalidRequest("`duration_in_months` can only be passed when `duration` is `repeating`.", { param: "duration_in_months" });
  const redeemBy = p.int("redeem_by") ?? null;
  if (redeemBy !== null && (redeemBy <= now || redeemBy > now + FIVE_YEARS)) {
    throw invalidRequest("Invalid redeem_by: must be in the future and at most 5 years from now", { param: "redeem_by" });
  }
  const products = appliesTo(deps, p);
  const coupon = deps.store.insert(
    buildCoupon({
      id,
      now,
      amountOff,
      currency: amountOff !== null ? currency : null,
      percentOff,
      duration,
      durationInMonths: months,
      maxRedemptions: positive(p, "max_redemptions"),
      redeemBy,
      name: p.string("name") ?? null,
      metadata: freshMetadata(p.metadata()),
    }),
  );
  if (products) deps.store.internal.couponProducts[id] = products;
  deps.bus.emit("coupon.created", coupon);
  return coupon;
}

/** `applies_to` is includable: rendered only for `expand[]=applies_to` (see expand.ts). */
export function registerCoupons(router: ApiRouter): void {
  router.add("POST", "/v1/coupons", (deps, req) => createCoupon(deps, req.params));

  router.add("GET", "/v1/coupons/:id", (deps, req) => getCoupon(deps, req.path.get("id")));

  router.add("POST", "/v1/coupons/:id", (deps, req) => {
    const coupon = getCoupon(deps, req.path.get("id"));
    const p = req.params.allowOnly(["metadata", "name", "currency_options"]);
    const previous: Record<string, unknown> = {};
    if (p.raw["name"] !== undefined) {
      previous["name"] = coupon.name;
      coupon.name = p.string("name") ?? null;
    }
    if (p.raw["metadata"] !== undefined) {
      previous["metadata"] = coupon.metadata;
      coupon.metadata = applyMetadata(coupon.metadata, p.metadata());
    }
    deps.store.touch();
    deps.bus.emit("coupon.updated", coupon, previous);
    return coupon;
  });

  router.add("DELETE", "/v1/coupons/:id", (deps, req) => {
    const coupon = getCoupon(deps, req.path.get("id"));
    // Discounts already made keep working (stripe-facts.md §9), so the coupon stays stored for them.
    deps.store.internal.deletedCoupons[coupon.id] = true;
    refreshCoupon(deps, coupon);
    deps.store.touch();
    deps.bus.emit("coupon.deleted", coupon);
    return { id: coupon.id, object: "coupon", deleted: true };
  });

  router.add("GET", "/v1/coupons", (deps, req) => {
    const p = req.params.allowOnly([...LIST_PARAMS, "created"]);
    const created = createdFilter(p);
    const items = deps.store
      .list<Coupon>("coupon")
      .filter((c) => !deps.store.internal.deletedCoupons[c.id] && created(c))
      .map((c) => refreshCoupon(deps, c));
    return paginate(items, p, "/v1/coupons");
  });
}
