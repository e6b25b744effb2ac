import type { ListObject, Metadata } from "../core/types";
import { emptyAddress } from "./shared";
import type { SubscriptionItem } from "./subscription";

type InvoiceStatus = "draft" | "open" | "paid" | "void" | "uncollectible";

export type Invoice = {
  id: string;
  object: "invoice";
  status: InvoiceStatus;
  customer: string;
  subscription: string | null;
  amount_due: number;
  amount_paid: number;
  amount_remaining: number;
  currency: string;
  lines: ListObject<unknown>;
  status_transitions: { finalized_at: number | null; marked_uncollectible_at: null; paid_at: number | null; voided_at: null };
  metadata: Metadata;
  created: number;
  [key: string]: unknown;
};

function invoiceLine(input: { id: string; invoice: string; item: SubscriptionItem; subscription: string; description: string }) {
  const amount = input.item.price.unit_amount * input.item.quantity;
  return {
    id: input.id,
    object: "line_item",
    amount,
    currency: input.item.price.currency,
    description: input.description,
    discount_amounts: [],
    discountable: true,
    discounts: [],
    invoice: input.invoice,
    livemode: false,
    metadata: {},
    parent: {
      invoice_item_details: null,
      subscription_item_details: {
        invoice_item: null,
        proration: false,
        proration_details: { credited_items: null },
        subscription: input.subscription,
        subscription_item: input.item.id,
      },
      type: "subscription_item_details",
    },
    period: { end: input.item.current_period_end, start: input.item.current_period_start },
    pretax_credit_amounts: [],
    pricing: { price_details: { price: input.item.price.id, product: input.item.price.product }, type: "price_details", unit_amount_decimal: String(input.item.price.unit_amount) },
    quantity: input.item.quantity,
    quantity_decimal: String(input.item.quantity),
    subscription: input.subscription,
    subtotal: amount,
    taxes: [],
  };
}

export function buildSubscriptionInvoice(input: {
  id: string;
  lineIds: string[];
  now: number;
  customer: { id: string; email: string | null; name: string | null };
  subscription: string;
  subscriptionMetadata: Metadata;
  items: SubscriptionItem[];
  descriptions: string[];
  currency: string;
  hostedBase: string;
}): Invoice {
  const lines = input.items.map((item, i) =>
    invoiceLine({ id: input.lineIds[i] ?? `il_${i}`, invoice: input.id, item, subscription: input.subscription, description: input.descriptions[i] ?? "" }),
  );
  const total = lines.reduce((sum, line) => sum + line.amount, 0);
  const first = input.items[0];
  return {
    id: input.id,
    object: "invoice",
    account_country: "US",
    account_name: "Stripe Sandbox",
    account_tax_ids: null,
    amount_due: total,
    amount_overpaid: 0,
    amount_paid: 0,
    amount_remaining: total,
    amount_shipping: 0,
    application: null,
    attempt_count: 0,
    attempted: false,
    auto_advance: false,
    automatic_tax: { disabled_reason: null, enabled: false, liability: null, provider: null, status: null },
    automatically_finalizes_at: null,
    billing_reason: "subscription_create",
    collection_method: "charge_automatically",
    confirmation_secret: null,
    created: input.now,
    currency: input.currency,
    custom_fields: null,
    customer: input.customer.id,
    customer_account: null,
    customer_address: emptyAddress(),
    customer_email: input.customer.email,
    customer_name: input.customer.name,
    customer_phone: null,
    customer_shipping: null,
    customer_tax_exempt: "none",
    customer_tax_ids: [],
    default_payment_method: null,
    default_source: null,
    default_tax_rates: [],
    description: null,
    discounts: [],
    due_date: null,
    effective_at: null,
    ending_balance: null,
    footer: null,
    from_invoice: null,
    hosted_invoice_url: `${input.hostedBase}/i/${input.id}`,
    invoice_pdf: null,
    issuer: { type: "self" },
    last_finalization_error: null,
    latest_revision: null,
    lines: { object: "list", data: lines, has_more: false, url: `/v1/invoices/${input.id}/lines` },
    livemode: false,
    metadata: {},
    next_payment_attempt: null,
    number: null,
    on_behalf_of: null,
    parent: {
      quote_details: null,
      subscription_details: { metadata: input.subscriptionMetadata, subscription: input.subscription },
      type: "subscription_details",
    },
    payment_settings: { default_mandate: null, payment_method_options: null, payment_method_types: null },
    period_end: first?.current_period_start ?? input.now,
    period_start: first?.current_period_start ?? input.now,
    post_payment_credit_notes_amount: 0,
    pre_payment_credit_notes_amount: 0,
    receipt_number: null,
    rendering: null,
    shipping_cost: null,
    shipping_details: null,
    starting_balance: 0,
    statement_descriptor: null,
    status: "draft",
    status_transitions: { finalized_at: null, marked_uncollectible_at: null, paid_at: null, voided_at: null },
    // Removed from the API in 2025 (moved to parent.subscription_details) but kept: the fixture still lists it.
    subscription: input.subscription,
    subtotal: total,
    subtotal_excluding_tax: total,
    test_clock: null,
    total,
    total_discount_amounts: [],
    total_excluding_tax: total,
    total_pretax_credit_amounts: [],
    total_taxes: [],
    webhooks_delivered_at: null,
  };
}
