import { describe, expect, it } from "vitest";
import { checkoutModeOf, isPlanPurchase, isSubscriptionTier, purchaseRefusal } from "@/lib/catalog/plan-policy";
import { priceOverrideVariable, productByKey, products, type Product } from "@/lib/catalog/products";

const product = (key: string): Product => {
  const found = productByKey(key);
  if (!found) throw new Error(`no product ${key}`);
  return found;
};

describe("who may buy what", () => {
  it("lets a buyer without a plan buy any plan or pack", () => {
    for (const p of products) expect(purchaseRefusal(p, undefined)).toBeNull();
  });

  it("sends a subscriber to the account page for another monthly plan, but lets them buy Lifetime", () => {
    expect(purchaseRefusal(product("advanced"), "starter")).toBe("has_subscription");
    expect(purchaseRefusal(product("starter"), "professional")).toBe("has_subscription");
    expect(purchaseRefusal(product("lifetime"), "starter")).toBeNull();
  });

  it("sells a Lifetime owner no plan at all, and nobody their current plan again", () => {
    expect(purchaseRefusal(product("professional"), "lifetime")).toBe("has_lifetime");
    expect(purchaseRefusal(product("lifetime"), "lifetime")).toBe("current_plan");
    expect(purchaseRefusal(product("starter"), "starter")).toBe("current_plan");
  });

  it("always sells coin packs, whatever the plan", () => {
    for (const tier of ["starter", "lifetime"] as const) expect(purchaseRefusal(product("medium_pack"), tier)).toBeNull();
  });
});

describe("what kind of thing each product is", () => {
  it("sells monthly plans as subscriptions, and Lifetime and packs as one payment", () => {
    expect(products.filter((p) => checkoutModeOf(p) === "subscription").map((p) => p.key)).toEqual(["starter", "advanced", "professional"]);
    expect(isPlanPurchase("lifetime")).toBe(true);
    expect(isPlanPurchase("large_pack")).toBe(false);
    expect(isSubscriptionTier("lifetime")).toBe(false);
    expect(isSubscriptionTier("advanced")).toBe(true);
  });

  it("names one STRIPE_PRICE_<KEY> variable per product", () => {
    expect(products.map((p) => priceOverrideVariable(p.key))).toEqual([
      "STRIPE_PRICE_STARTER",
      "STRIPE_PRICE_ADVANCED",
      "STRIPE_PRICE_PROFESSIONAL",
      "STRIPE_PRICE_LIFETIME",
      "STRIPE_PRICE_SMALL_PACK",
      "STRIPE_PRICE_MEDIUM_PACK",
      "STRIPE_PRICE_LARGE_PACK",
    ]);
  });
});
