import type { Price } from "./price";

export type InvoiceItem = {
  id: string;
  object: "invoiceitem";
  amount: number;
  currency: string;
  customer: string;
  description: string;
  invoice: string | null;
  period: { start: number; end: number };
  proration: boolean;
  quantity: number;
  parent: { subscription_details: { subscription: string; subscription_item: string }; type: "subscription_details" };
  pricing: { price_details: { price: string; product: string }; type: "price_details"; unit_amount_decimal: string };
  [key: string]: unknown;
};

export type ProrationInput = {
  amount: number;
  description: string;
  price: Price;
  quantity: number;
  period: { start: number; end: number };
  subscription: string;
  subscriptionItem: string;
};

export function buildProrationItem(input: ProrationInput & { id: string; now: number; customer: string; testClock: string | null }): InvoiceItem {
  return {
    id: input.id,
    object: "invoiceitem",
    amount: input.amount,
    currency: input.price.currency,
    customer: input.customer,
    customer_account: null,
    date: input.now,
    description: input.description,
    discountable: false,
    discounts: [],
    invoice: null,
    livemode: false,
    metadata: {},
    net_amount: input.amount,
    parent: { subscription_details: { subscription: input.subscription, subscription_item: input.subscriptionItem }, type: "subscription_details" },
    period: input.period,
    pricing: { price_details: { price: input.price.id, product: input.price.product }, type: "price_details", unit_amount_decimal: String(input.price.unit_amount) },
    proration: true,
    quantity: input.quantity,
    quantity_decimal: String(input.quantity),
    tax_rates: [],
    test_clock: input.testClock,
  };
}
