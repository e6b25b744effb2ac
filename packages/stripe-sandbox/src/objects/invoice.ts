import type { ListObject, Metadata } from "../core/types";
import { invoiceTotals, lineMoney, type InvoiceAdjustments } from "./invoice-money";
import type { Price } from "./price";
import { emptyAddress } from "./shared";

type InvoiceStatus = "draft" | "open" | "paid" | "void" | "uncollectible";

export type BillingReason = "subscription_create" | "subscription_cycle" | "subscription_update" | "upcoming";

export type Invoice = {
  id: string;
  object: "invoice";
  status: InvoiceStatus;
  customer: string;
  subscription: string | null;
  billing_reason: BillingReason;
  amount_due: number;
  amount_paid: number;
  amount_remaining: number;
  attempt_count: number;
  attempted: boolean;
  auto_advance: boolean;
  automatically_finalizes_at: number | null;
  next_payment_attempt: number | null;
  currency: string;
  total: number;
  lines: ListObject<InvoiceLine>;
  status_transitions: { finalized_at: number | null; marked_uncollectible_at: null; paid_at: number | null; voided_at: number | null };
  period_start: number;
  period_end: number;
  test_clock: string | null;
  metadata: Metadata;
  created: number;
  [key: string]: unknown;
};

/** What one invoice line bills: a subscription item's period, or a proration invoice item. */
export type LineInput = {
  id: string;
  amount: number;
  description: string;
  price: Price;
  quantity: number;
  period: { start: number; end: number };
  subscriptionItem: string;
  invoiceItem: string | null;
  proration: boolean;
};

type InvoiceLine = ReturnType<typeof invoiceLine>;

function invoiceLine(input: LineInput, invoice: string, subscription: string, money: ReturnType<typeof lineMoney>) {
  return {
    id: input.id,
    object: "line_item" as const,
    amount: input.amount,
    currency: input.price.currency,
    description: input.description,
    discount_amounts: money.discount_amounts,
    discountable: !input.proration,
    discounts: [],
    invoice,
    livemode: false,
    metadata: {},
    parent: {
      invoice_item_details: null,
      subscription_item_details: {
        invoice_item: input.invoiceItem,
        proration: input.proration,
        proration_details: { credited_items: null },
        subscription,
        subscription_item: input.subscriptionItem,
      },
      type: "subscription_item_details",
    },
    period: input.period,
    pretax_credit_amounts: [],
    pricing: { price_details: { price: input.price.id, product: input.price.product }, type: "price_details", unit_amount_decimal: String(input.price.unit_amount) },
    quantity: input.quantity,
    quantity_decimal: String(input.quantity),
    subscription,
    subtotal: input.amount,
    taxes: money.taxes,
  };
}

export function buildSubscriptionInvoice(input: {
  id: string;
  now: number;
  customer: { id: string; email: string | null; name: string | null };
  subscription: string;
  subscriptionMetadata: Metadata;
  lines: LineInput[];
  billingReason: BillingReason;
  currency: string;
  period: { start: number; end: number };
  testClock: string | null;
  /** The customer's balance; negative is credit, e.g. from an earlier downgrade's proration. */
  startingBalance: number;
  hostedBase: string;
  adjustments?: InvoiceAdjustments;
}): Invoice {
  const adjustments = input.adjustments ?? { discount: null, tax: null };
  const lines = input.lines.map((line, i) => invoiceLine(line, input.id, input.subscription, lineMoney(adjustments, i)));
  const totals = invoiceTotals(lines.map((line) => line.amount), adjustments);
  // A net credit is not refunded: it stays on the customer's balance (ending_balance) and the invoice bills 0.
  const due = Math.max(totals.total + input.startingBalance, 0);
  return {
    id: input.id,
    object: "invoice",
    account_country: "US",
    account_name: "Stripe Sandbox",
    account_tax_ids: null,
    amount_due: due,
    amount_overpaid: 0,
    amount_paid: 0,
    amount_remaining: due,
    amount_shipping: 0,
    application: null,
    attempt_count: 0,
    attempted: false,
    auto_advance: false,
    automatic_tax: totals.automatic_tax,
    automatically_finalizes_at: null,
    billing_reason: input.billingReason,
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
    discounts: totals.discounts,
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
    period_end: input.period.end,
    period_start: input.period.start,
    post_payment_credit_notes_amount: 0,
    pre_payment_credit_notes_amount: 0,
    receipt_number: null,
    rendering: null,
    shipping_cost: null,
    shipping_details: null,
    starting_balance: input.startingBalance,
    statement_descriptor: null,
    status: "draft",
    status_transitions: { finalized_at: null, marked_uncollectible_at: null, paid_at: null, voided_at: null },
    // Removed from the API in 2025 (moved to parent.subscription_details) but kept: the fixture still lists it.
    subscription: input.subscription,
    subtotal: totals.subtotal,
    subtotal_excluding_tax: totals.subtotal_excluding_tax,
    test_clock: input.testClock,
    total: totals.total,
    total_discount_amounts: totals.total_discount_amounts,
    total_excluding_tax: totals.total_excluding_tax,
    total_pretax_credit_amounts: [],
    total_taxes: totals.total_taxes,
    webhooks_delivered_at: null,
  };
}
