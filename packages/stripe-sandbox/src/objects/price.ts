import type { Metadata } from "../core/types";

export type Recurring = {
  interval: "day" | "week" | "month" | "year";
  interval_count: number;
  meter: null;
  trial_period_days: number | null;
  usage_type: "licensed";
};

export type Price = {
  id: string;
  object: "price";
  active: boolean;
  currency: string;
  unit_amount: number;
  product: string;
  lookup_key: string | null;
  nickname: string | null;
  recurring: Recurring | null;
  type: "one_time" | "recurring";
  metadata: Metadata;
  created: number;
  [key: string]: unknown;
};

export function buildPrice(input: {
  id: string;
  now: number;
  currency: string;
  unitAmount: number;
  product: string;
  lookupKey: string | null;
  nickname: string | null;
  recurring: Recurring | null;
  active: boolean;
  metadata: Metadata;
  taxBehavior: string;
}): Price {
  return {
    id: input.id,
    object: "price",
    active: input.active,
    billing_scheme: "per_unit",
    created: input.now,
    currency: input.currency,
    custom_unit_amount: null,
    livemode: false,
    lookup_key: input.lookupKey,
    metadata: input.metadata,
    nickname: input.nickname,
    product: input.product,
    recurring: input.recurring,
    tax_behavior: input.taxBehavior,
    tiers_mode: null,
    transform_quantity: null,
    type: input.recurring ? "recurring" : "one_time",
    unit_amount: input.unitAmount,
    unit_amount_decimal: String(input.unitAmount),
  };
}

/** Subscription items still carry the legacy `plan` view of their price. */
export function planFromPrice(price: Price) {
  return {
    id: price.id,
    object: "plan",
    active: price.active,
    amount: price.unit_amount,
    amount_decimal: String(price.unit_amount),
    billing_scheme: "per_unit",
    created: price.created,
    currency: price.currency,
    interval: price.recurring?.interval ?? "month",
    interval_count: price.recurring?.interval_count ?? 1,
    livemode: false,
    metadata: price.metadata,
    meter: null,
    nickname: price.nickname,
    product: price.product,
    tiers_mode: null,
    transform_usage: null,
    trial_period_days: null,
    usage_type: "licensed",
  };
}
