import type { Metadata } from "../core/types";

export type ScheduleStatus = "not_started" | "active" | "completed" | "released" | "canceled";
export type EndBehavior = "release" | "cancel";
export type PhaseProrationBehavior = "create_prorations" | "always_invoice" | "none";

/** Phase items name their price by id, as Stripe renders them (`plan` repeats it for old integrations). */
export type PhaseItem = {
  billing_thresholds: null;
  discounts: never[];
  metadata: Metadata;
  plan: string;
  price: string;
  quantity: number;
  tax_rates: never[];
};

export type SchedulePhase = {
  currency: string;
  end_date: number;
  items: PhaseItem[];
  metadata: Metadata;
  proration_behavior: PhaseProrationBehavior;
  start_date: number;
  [key: string]: unknown;
};

export type SubscriptionSchedule = {
  id: string;
  object: "subscription_schedule";
  status: ScheduleStatus;
  customer: string;
  subscription: string | null;
  released_subscription: string | null;
  current_phase: { start_date: number; end_date: number } | null;
  phases: SchedulePhase[];
  end_behavior: EndBehavior;
  canceled_at: number | null;
  completed_at: number | null;
  released_at: number | null;
  metadata: Metadata;
  test_clock: string | null;
  created: number;
  [key: string]: unknown;
};

export type PhaseInput = {
  start: number;
  end: number;
  priceId: string;
  quantity: number;
  currency: string;
  itemMetadata: Metadata;
  metadata: Metadata;
  prorationBehavior: PhaseProrationBehavior;
};

export function buildPhase(input: PhaseInput): SchedulePhase {
  return {
    add_invoice_items: [],
    application_fee_percent: null,
    automatic_tax: { disabled_reason: null, enabled: false, liability: null },
    billing_cycle_anchor: null,
    billing_thresholds: null,
    collection_method: null,
    currency: input.currency,
    default_payment_method: null,
    default_tax_rates: [],
    description: null,
    discounts: [],
    end_date: input.end,
    invoice_settings: null,
    items: [{ billing_thresholds: null, discounts: [], metadata: input.itemMetadata, plan: input.priceId, price: input.priceId, quantity: input.quantity, tax_rates: [] }],
    metadata: input.metadata,
    on_behalf_of: null,
    proration_behavior: input.prorationBehavior,
    start_date: input.start,
    transfer_data: null,
    trial_end: null,
  };
}

export function buildSchedule(input: {
  id: string;
  now: number;
  customer: string;
  subscription: string;
  phases: SchedulePhase[];
  defaultPaymentMethod: string | null;
  description: string | null;
  testClock: string | null;
}): SubscriptionSchedule {
  const first = input.phases[0];
  return {
    id: input.id,
    object: "subscription_schedule",
    application: null,
    billing_mode: { flexible: null, type: "classic" },
    canceled_at: null,
    completed_at: null,
    created: input.now,
    current_phase: first ? { start_date: first.start_date, end_date: first.end_date } : null,
    customer: input.customer,
    customer_account: null,
    default_settings: {
      application_fee_percent: null,
      automatic_tax: { disabled_reason: null, enabled: false, liability: null },
      billing_cycle_anchor: "automatic",
      billing_thresholds: null,
      collection_method: "charge_automatically",
      default_payment_method: input.defaultPaymentMethod,
      description: input.description,
      invoice_settings: { account_tax_ids: null, custom_fields: null, days_until_due: null, description: null, footer: null, issuer: { type: "self" } },
      on_behalf_of: null,
      transfer_data: null,
    },
    end_behavior: "release",
    livemode: false,
    metadata: {},
    pause_schedules: [],
    phases: input.phases,
    released_at: null,
    released_subscription: null,
    status: "active",
    subscription: input.subscription,
    test_clock: input.testClock,
  };
}

/** The phase a schedule is in at `at`, if any: phases are contiguous, [start_date, end_date). */
export function phaseAt(schedule: SubscriptionSchedule, at: number): SchedulePhase | undefined {
  return schedule.phases.find((p) => p.start_date <= at && at < p.end_date);
}
