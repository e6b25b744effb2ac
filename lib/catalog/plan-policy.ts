import type { PlanTier } from "@/lib/generated/prisma/enums";
import { productByKey, type PlanProduct, type Product } from "@/lib/catalog/products";

// What kind of thing each product is, and who may buy it: asked by the pricing grid, checkout,
// fulfilment and plan changes, so that each rule is said once.

/** A monthly plan: a Stripe subscription that renews until it is canceled. */
export function isSubscriptionProduct(product: Product | undefined): product is PlanProduct & { interval: "month" } {
  return product?.kind === "plan" && product.interval !== null;
}

/** Lifetime: a plan paid for once, which never renews and replaces any subscription. */
export function isLifetimeProduct(product: Product | undefined): product is PlanProduct & { interval: null } {
  return product?.kind === "plan" && product.interval === null;
}

export function isPlanPurchase(productKey: string): boolean {
  return productByKey(productKey)?.kind === "plan";
}

/** A plan row of this tier follows a Stripe subscription (its sourceId is `sub_…`), not one payment. */
export function isSubscriptionTier(tier: PlanTier): boolean {
  return tier !== "lifetime";
}

/** The Checkout mode that sells a product. */
export function checkoutModeOf(product: Product): "subscription" | "payment" {
  return isSubscriptionProduct(product) ? "subscription" : "payment";
}

/** Why a buyer may not buy a product now; null when they may. */
export type PurchaseRefusal = "current_plan" | "has_lifetime" | "has_subscription";

/**
 * One plan at a time. A subscriber changes monthly plans on the account page (not through a
 * second subscription) and may buy Lifetime, which replaces the subscription; a Lifetime owner
 * needs no other plan. Coin packs are always for sale.
 */
export function purchaseRefusal(product: Product, activeTier: PlanTier | null | undefined): PurchaseRefusal | null {
  if (product.kind !== "plan" || !activeTier) return null;
  if (product.tier === activeTier) return "current_plan";
  if (activeTier === "lifetime") return "has_lifetime";
  return isLifetimeProduct(product) ? null : "has_subscription";
}
