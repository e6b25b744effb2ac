import type { Deps } from "../core/deps";
import { newId } from "../core/ids";
import { invalidRequest, resourceMissing } from "../http/errors";
import { applyMetadata, freshMetadata, type Params } from "../http/params";
import { checkCurrency, MAX_AMOUNT, formatAmount } from "../money/currencies";
import { buildPrice, type Price, type Recurring } from "../objects/price";
import { buildProduct, type Product } from "../objects/product";
import { LIST_PARAMS, paginate } from "./lists";
import type { ApiRouter } from "./types";

export function getPrice(deps: Deps, id: string, param = "id"): Price {
  const price = deps.store.get<Price>("price", id);
  if (!price) throw resourceMissing("price", id, param);
  return price;
}

function parseRecurring(p: Params): Recurring | null {
  const r = p.object("recurring");
  if (!r) return null;
  r.allowOnly(["interval", "interval_count", "usage_type", "trial_period_days", "meter", "aggregate_usage"]);
  const interval = r.oneOf("interval", ["day", "week", "month", "year"] as const);
  if (!interval) throw invalidRequest(`Missing required param: ${r.name("interval")}.`, { param: r.name("interval"), code: "parameter_missing" });
  const count = r.int("interval_count") ?? 1;
  if (count < 1) throw invalidRequest("Invalid interval_count: must be at least 1", { param: r.name("interval_count") });
  return { interval, interval_count: count, meter: null, trial_period_days: r.int("trial_period_days") ?? null, usage_type: "licensed" };
}

function unitAmount(p: Params, currency: string): number {
  const amount = p.int("unit_amount") ?? (p.string("unit_amount_decimal") !== undefined ? Math.round(Number(p.string("unit_amount_decimal"))) : undefined);
  if (amount === undefined) throw invalidRequest("Missing required param: unit_amount.", { param: p.name("unit_amount"), code: "parameter_missing" });
  if (amount < 0) throw invalidRequest("Invalid non-negative integer", { param: p.name("unit_amount"), code: "parameter_invalid_integer" });
  if (amount > MAX_AMOUNT) {
    throw invalidRequest(`Amount must be no more than ${formatAmount(MAX_AMOUNT, currency)}`, { param: p.name("unit_amount"), code: "amount_too_large" });
  }
  return amount;
}

/** Shared by /v1/prices, product default_price_data and Checkout price_data. */
export function createPrice(deps: Deps, p: Params, productId?: string, active = true): Price {
  const currency = checkCurrency(p.requiredString("currency"), p.name("currency"));
  let product = productId ?? p.string("product");
  const productData = p.object("product_data");
  if (!product && productData) {
    const created = deps.store.insert(
      buildProduct({
        id: newId("prod"),
        now: deps.clock.now(),
        name: productData.requiredString("name"),
        description: productData.string("description") ?? null,
        active: true,
        images: productData.strings("images") ?? [],
        metadata: freshMetadata(productData.metadata()),
        url: null,
      }),
    );
    deps.bus.emit("product.created", created);
    product = created.id;
  }
  if (!product) throw invalidRequest("Missing required param: product.", { param: p.name("product"), code: "parameter_missing" });
  if (!deps.store.get<Product>("product", product)) throw resourceMissing("product", product, p.name("product"));
  const lookupKey = p.string("lookup_key") ?? null;
  if (lookupKey) claimLookupKey(deps, lookupKey, p.bool("transfer_lookup_key") ?? false);
  const price = deps.store.insert(
    buildPrice({
      id: newId("price"),
      now: deps.clock.now(),
      currency,
      unitAmount: unitAmount(p, currency),
      product,
      lookupKey,
      nickname: p.string("nickname") ?? null,
      recurring: parseRecurring(p),
      active: p.bool("active") ?? active,
      metadata: freshMetadata(p.metadata()),
      taxBehavior: p.oneOf("tax_behavior", TAX_BEHAVIORS) ?? "unspecified",
    }),
  );
  deps.bus.emit("price.created", price);
  return price;
}

/** Lookup keys are unique; transfer_lookup_key moves one from its current price instead of failing. */
function claimLookupKey(deps: Deps, key: string, transfer: boolean, except?: string): void {
  const holder = deps.store.list<Price>("price").find((x) => x.lookup_key === key && x.id !== except);
  if (!holder) return;
  if (!transfer) {
    throw invalidRequest(`A price (\`${holder.id}\`) already uses that lookup key.`, { param: "lookup_key", code: "lookup_key_already_used" });
  }
  holder.lookup_key = null;
  deps.bus.emit("price.updated", holder, { lookup_key: key });
}

const TAX_BEHAVIORS = ["exclusive", "inclusive", "unspecified"] as const;

const CREATE_PARAMS = ["currency", "unit_amount", "unit_amount_decimal", "product", "product_data", "lookup_key", "transfer_lookup_key", "recurring", "nickname", "metadata", "active", "tax_behavior", "billing_scheme"];

export function registerPrices(router: ApiRouter): void {
  router.add("POST", "/v1/prices", (deps, req) => createPrice(deps, req.params.allowOnly(CREATE_PARAMS)));

  router.add("GET", "/v1/prices/:id", (deps, req) => getPrice(deps, req.path.get("id")));

  router.add("POST", "/v1/prices/:id", (deps, req) => {
    const price = getPrice(deps, req.path.get("id"));
    const p = req.params.allowOnly(["active", "metadata", "nickname", "lookup_key", "transfer_lookup_key", "tax_behavior"]);
    const previous: Record<string, unknown> = {};
    const active = p.bool("active");
    if (active !== undefined) {
      previous["active"] = price.active;
      price.active = active;
    }
    if (p.raw["nickname"] !== undefined) {
      previous["nickname"] = price.nickname;
      price.nickname = p.string("nickname") ?? null;
    }
    if (p.raw["lookup_key"] !== undefined) {
      const key = p.string("lookup_key") ?? null;
      if (key) claimLookupKey(deps, key, p.bool("transfer_lookup_key") ?? false, price.id);
      previous["lookup_key"] = price.lookup_key;
      price.lookup_key = key;
    }
    if (p.raw["metadata"] !== undefined) {
      previous["metadata"] = price.metadata;
      price.metadata = applyMetadata(price.metadata, p.metadata());
    }
    const taxBehavior = p.oneOf("tax_behavior", TAX_BEHAVIORS);
    if (taxBehavior !== undefined && taxBehavior !== price["tax_behavior"]) {
      // Only `unspecified` may still be chosen (stripe-facts.md §9); the wording is the sandbox's.
      if (price["tax_behavior"] !== "unspecified") {
        throw invalidRequest(`The tax_behavior of price ${price.id} is \`${String(price["tax_behavior"])}\` and can no longer be changed.`, { param: "tax_behavior" });
      }
      previous["tax_behavior"] = price["tax_behavior"];
      price["tax_behavior"] = taxBehavior;
    }
    deps.store.touch();
    deps.bus.emit("price.updated", price, previous);
    return price;
  });

  router.add("GET", "/v1/prices", (deps, req) => {
    const p = req.params.allowOnly([...LIST_PARAMS, "active", "product", "lookup_keys", "currency", "type", "recurring", "created"]);
    const active = p.bool("active");
    const product = p.string("product");
    const lookupKeys = p.strings("lookup_keys");
    const currency = p.string("currency");
    const type = p.string("type");
    const interval = p.object("recurring")?.string("interval");
    const items = deps.store
      .list<Price>("price")
      .filter((x) => active === undefined || x.active === active)
      .filter((x) => !product || x.product === product)
      .filter((x) => !lookupKeys || (x.lookup_key !== null && lookupKeys.includes(x.lookup_key)))
      .filter((x) => !currency || x.currency === currency)
      .filter((x) => !type || x.type === type)
      .filter((x) => !interval || x.recurring?.interval === interval);
    return paginate(items, p, "/v1/prices");
  });
}
