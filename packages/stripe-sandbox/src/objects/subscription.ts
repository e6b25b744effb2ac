import type { ListObject, Metadata } from "../core/types";
import { planFromPrice, type Price } from "./price";

export type SubscriptionItem = {
  id: string;
  object: "subscription_item";
  price: Price;
  quantity: number;
  subscription: string;
  current_period_start: number;
  current_period_end: number;
  [key: string]: unknown;
};

type SubscriptionStatus = "active" | "canceled" | "incomplete" | "incomplete_expired" | "past_due" | "paused" | "trialing" | "unpaid";

export type MissingPaymentMethod = "cancel" | "pause" | "create_invoice";

export type Subscription = {
  id: string;
  object: "subscription";
  status: SubscriptionStatus;
  customer: string;
  currency: string;
  items: ListObject<SubscriptionItem>;
  latest_invoice: string | null;
  cancel_at_period_end: boolean;
  cancel_at: number | null;
  canceled_at: number | null;
  ended_at: number | null;
  cancellation_details: { comment: string | null; feedback: string | null; reason: string | null };
  default_payment_method: string | null;
  description: string | null;
  pending_update: PendingUpdate | null;
  schedule: string | null;
  test_clock: string | null;
  metadata: Metadata;
  created: number;
  trial_start: number | null;
  trial_end: number | null;
  trial_settings: { end_behavior: { missing_payment_method: MissingPaymentMethod } };
  [key: string]: unknown;
};

/** A plan change waiting for its invoice to be paid (payment_behavior=pending_if_incomplete). */
export type PendingUpdate = {
  billing_cycle_anchor: null;
  discounts: null;
  expires_at: number;
  metadata: null;
  /** Full items with the new price, as Stripe renders them. */
  subscription_items: SubscriptionItem[];
  trial_end: null;
  trial_from_plan: null;
};

export function buildSubscriptionItem(input: {
  id: string;
  now: number;
  subscription: string;
  price: Price;
  quantity: number;
  periodEnd: number;
}): SubscriptionItem {
  return {
    id: input.id,
    object: "subscription_item",
    billing_thresholds: null,
    created: input.now,
    current_period_end: input.periodEnd,
    current_period_start: input.now,
    discounts: [],
    metadata: {},
    plan: planFromPrice(input.price),
    price: input.price,
    quantity: input.quantity,
    subscription: input.subscription,
    tax_rates: [],
  };
}

export function buildSubscription(input: {
  id: string;
  now: number;
  customer: string;
  currency: string;
  items: SubscriptionItem[];
  defaultPaymentMethod: string | null;
  metadata: Metadata;
  description: string | null;
  status: "active" | "incomplete" | "trialing";
  testClock: string | null;
  /** Until `end` the items' period is the trial and `billing_cycle_anchor` is its end. */
  trial?: { end: number; missingPaymentMethod: MissingPaymentMethod } | null;
}): Subscription {
  const trial = input.trial ?? null;
  return {
    id: input.id,
    object: "subscription",
    application: null,
    application_fee_percent: null,
    automatic_tax: { disabled_reason: null, enabled: false, liability: null },
    billing_cycle_anchor: trial?.end ?? input.now,
    billing_cycle_anchor_config: null,
    billing_mode: { flexible: null, type: "classic" },
    billing_schedules: [],
    billing_thresholds: null,
    cancel_at: null,
    cancel_at_period_end: false,
    canceled_at: null,
    cancellation_details: { comment: null, feedback: null, reason: null },
    collection_method: "charge_automatically",
    created: input.now,
    currency: input.currency,
    customer: input.customer,
    customer_account: null,
    days_until_due: null,
    default_payment_method: input.defaultPaymentMethod,
    default_source: null,
    default_tax_rates: [],
    description: input.description,
    discounts: [],
    ended_at: null,
    invoice_settings: { account_tax_ids: null, custom_fields: null, description: null, footer: null, issuer: { type: "self" } },
    items: { object: "list", data: input.items, has_more: false, url: `/v1/subscription_items?subscription=${input.id}` },
    latest_invoice: null,
    livemode: false,
    managed_payments: null,
    metadata: input.metadata,
    next_pending_invoice_item_invoice: null,
    on_behalf_of: null,
    pause_collection: null,
    payment_settings: { payment_method_options: null, payment_method_types: null, save_default_payment_method: "off" },
    pending_invoice_item_interval: null,
    pending_setup_intent: null,
    pending_update: null,
    schedule: null,
    start_date: input.now,
    status: input.status,
    test_clock: input.testClock,
    transfer_data: null,
    trial_end: trial?.end ?? null,
    trial_settings: { end_behavior: { missing_payment_method: trial?.missingPaymentMethod ?? "create_invoice" } },
    trial_start: trial ? input.now : null,
  };
}

export function currentPeriodEnd(sub: Subscription): number | null {
  return sub.items.data[0]?.current_period_end ?? null;
}
