import type { PlanTier } from "@/lib/generated/prisma/enums";

// The one source of truth for what the storefront sells. Amounts are integer US cents; Stripe
// prices are found by lookup_key (`scripts/stripe-setup.ts` creates them), never by amounts the
// browser sends. `name` and `description` are what Stripe's product says; what the storefront's
// pages say about each product, in each language, is in lib/i18n/messages.

interface BaseProduct {
  key: string;
  name: string;
  description: string;
  cents: number;
  currency: "usd";
  /** Stripe price lookup_key; STRIPE_PRICE_<KEY> may name a price id instead. */
  lookupKey: string;
}

export interface PlanProduct extends BaseProduct {
  kind: "plan";
  tier: PlanTier;
  /** null for Lifetime, which is paid once. */
  interval: "month" | null;
  /** Generations included per billing period; null for unlimited. */
  monthlyGenerations: number | null;
}

export interface CoinPack extends BaseProduct {
  kind: "coins";
  coins: number;
  bonusCoins: number;
}

export type Product = PlanProduct | CoinPack;

export const products = [
  {
    key: "starter",
    kind: "plan",
    tier: "starter",
    name: "Starter",
    description: "For trying things out.",
    cents: 500,
    currency: "usd",
    interval: "month",
    lookupKey: "storefront_starter_monthly",
    monthlyGenerations: 100,
  },
  {
    key: "advanced",
    kind: "plan",
    tier: "advanced",
    name: "Advanced",
    description: "For regular creators.",
    cents: 1500,
    currency: "usd",
    interval: "month",
    lookupKey: "storefront_advanced_monthly",
    monthlyGenerations: 500,
  },
  {
    key: "professional",
    kind: "plan",
    tier: "professional",
    name: "Professional",
    description: "For teams and heavy use.",
    cents: 9900,
    currency: "usd",
    interval: "month",
    lookupKey: "storefront_professional_monthly",
    monthlyGenerations: null,
  },
  {
    key: "lifetime",
    kind: "plan",
    tier: "lifetime",
    name: "Lifetime",
    description: "Everything in Professional, forever, for one payment.",
    cents: 40000,
    currency: "usd",
    interval: null,
    lookupKey: "storefront_lifetime",
    monthlyGenerations: null,
  },
  {
    key: "small_pack",
    kind: "coins",
    name: "Small Points Pack",
    description: "A quick top-up.",
    cents: 200,
    currency: "usd",
    coins: 200,
    bonusCoins: 0,
    lookupKey: "storefront_small_pack",
  },
  {
    key: "medium_pack",
    kind: "coins",
    name: "Medium Points Pack",
    description: "10% bonus coins.",
    cents: 500,
    currency: "usd",
    coins: 500,
    bonusCoins: 50,
    lookupKey: "storefront_medium_pack",
  },
  {
    key: "large_pack",
    kind: "coins",
    name: "Large Points Pack",
    description: "Best value: 25% bonus coins.",
    cents: 1200,
    currency: "usd",
    coins: 1200,
    bonusCoins: 300,
    lookupKey: "storefront_large_pack",
  },
] as const satisfies readonly Product[];

export type ProductKey = (typeof products)[number]["key"];

export const plans: readonly PlanProduct[] = products.filter((p): p is Extract<typeof p, { kind: "plan" }> => p.kind === "plan");
export const coinPacks: readonly CoinPack[] = products.filter((p): p is Extract<typeof p, { kind: "coins" }> => p.kind === "coins");

/** The variable that may name a price id for a product instead of its lookup_key: STRIPE_PRICE_<KEY>. */
export function priceOverrideVariable<Key extends ProductKey>(key: Key): `STRIPE_PRICE_${Uppercase<Key>}` {
  return `STRIPE_PRICE_${key.toUpperCase() as Uppercase<Key>}`;
}

/** The price id STRIPE_PRICE_<KEY> names for a product instead of its lookup_key, if set. */
export function overridePriceId(productKey: string, environment: Partial<Record<`STRIPE_PRICE_${Uppercase<ProductKey>}`, string>>): string | undefined {
  const product = products.find((p) => p.key === productKey);
  return product ? environment[priceOverrideVariable(product.key)] : undefined;
}

export function productByKey(key: string): Product | undefined {
  return products.find((p) => p.key === key);
}

/**
 * What a buyer can spend: each use comes out of the plan's monthly allowance if the feature
 * counts against it and some is left, else costs `coinPrice` coins.
 */
export const meteredFeatures = {
  generation: { name: "Generation", coinPrice: 10, usesAllowance: true },
} as const;

export type MeteredFeature = keyof typeof meteredFeatures;

export function meteredFeature(key: string): (typeof meteredFeatures)[MeteredFeature] | undefined {
  return Object.hasOwn(meteredFeatures, key) ? meteredFeatures[key as MeteredFeature] : undefined;
}


export function totalCoins(pack: CoinPack): number {
  return pack.coins + pack.bonusCoins;
}

const tierRank: Record<PlanTier, number> = { starter: 1, advanced: 2, professional: 3, lifetime: 4 };

export function planByTier(tier: PlanTier): PlanProduct {
  const plan = plans.find((p) => p.tier === tier);
  if (!plan) throw new Error(`no plan for tier ${tier}`);
  return plan;
}

export function isHigherTier(a: PlanTier, b: PlanTier): boolean {
  return tierRank[a] > tierRank[b];
}
