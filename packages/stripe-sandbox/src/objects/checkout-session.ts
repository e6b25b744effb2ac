import type { Metadata } from "../core/types";
import type { Price } from "./price";
import { emptyAddress, type Address } from "./shared";

export type UiMode = "hosted_page" | "embedded_page" | "elements";

/** Where a session sends the buyer: hosted pages use success/cancel URLs, embedded pages and Elements a return URL. */
export type CheckoutUi = {
  uiMode: UiMode;
  successUrl: string | null;
  cancelUrl: string | null;
  returnUrl: string | null;
  redirectOnCompletion: "always" | "if_required" | "never" | null;
};

type CustomerDetails = {
  address: Address;
  email: string | null;
  name: string | null;
  phone: null;
  tax_exempt: "none";
  tax_ids: [];
  business_name: null;
  individual_name: null;
};

export type CheckoutSession = {
  id: string;
  object: "checkout.session";
  status: "open" | "complete" | "expired";
  payment_status: "paid" | "unpaid" | "no_payment_required";
  mode: "payment" | "subscription";
  url: string | null;
  expires_at: number;
  amount_subtotal: number;
  amount_total: number;
  currency: string;
  customer: string | null;
  customer_email: string | null;
  customer_creation: "always" | "if_required" | null;
  customer_details: CustomerDetails | null;
  payment_intent: string | null;
  subscription: string | null;
  invoice: string | null;
  ui_mode: UiMode;
  client_secret: string | null;
  success_url: string | null;
  cancel_url: string | null;
  return_url?: string | null;
  redirect_on_completion?: "always" | "if_required" | "never";
  client_reference_id: string | null;
  metadata: Metadata;
  created: number;
  [key: string]: unknown;
};

/** A Checkout line item (`object: "item"`); its price is embedded whole, as Stripe does. */
export type LineItem = {
  id: string;
  object: "item";
  amount_subtotal: number;
  amount_total: number;
  currency: string;
  description: string;
  price: Price;
  quantity: number;
  [key: string]: unknown;
};

/**
 * The sandbox page where a session is paid: the hosted page (its `url`) or, for `embedded_page`, the page
 * Stripe.js mounts in an iframe, addressed by the client secret the browser holds.
 */
export function checkoutPagePath(session: Pick<CheckoutSession, "id" | "ui_mode" | "client_secret">): string {
  return session.ui_mode === "hosted_page" || !session.client_secret ? `/c/pay/${session.id}` : `/c/embed/${encodeURIComponent(session.client_secret)}`;
}

export function buildLineItem(input: { id: string; price: Price; quantity: number; description: string }): LineItem {
  const amount = input.price.unit_amount * input.quantity;
  return {
    id: input.id,
    object: "item",
    adjustable_quantity: null,
    amount_discount: 0,
    amount_subtotal: amount,
    amount_tax: 0,
    amount_total: amount,
    currency: input.price.currency,
    description: input.description,
    metadata: {},
    price: input.price,
    quantity: input.quantity,
  };
}

export function buildCustomerDetails(email: string | null, name: string | null): CustomerDetails {
  return {
    address: emptyAddress(),
    email,
    name,
    phone: null,
    tax_exempt: "none",
    tax_ids: [],
    business_name: null,
    individual_name: null,
  };
}

export function buildCheckoutSession(input: {
  id: string;
  now: number;
  mode: "payment" | "subscription";
  /** The hosted page's address; embedded and Elements sessions have none. */
  url: string;
  clientSecret: string;
  ui: CheckoutUi;
  expiresAt: number;
  amount: number;
  currency: string;
  customer: string | null;
  customerEmail: string | null;
  customerCreation: "always" | "if_required" | null;
  clientReferenceId: string | null;
  metadata: Metadata;
  locale: string | null;
  paymentMethodTypes: string[];
}): CheckoutSession {
  return {
    id: input.id,
    object: "checkout.session",
    adaptive_pricing: { enabled: false },
    after_expiration: null,
    allow_promotion_codes: null,
    amount_subtotal: input.amount,
    amount_total: input.amount,
    automatic_tax: { enabled: false, liability: null, provider: null, status: null },
    billing_address_collection: null,
    cancel_url: input.ui.cancelUrl,
    client_reference_id: input.clientReferenceId,
    client_secret: input.ui.uiMode === "hosted_page" ? null : input.clientSecret,
    collected_information: null,
    consent: null,
    consent_collection: null,
    created: input.now,
    currency: input.currency,
    currency_conversion: null,
    custom_fields: [],
    custom_text: { after_submit: null, shipping_address: null, submit: null, terms_of_service_acceptance: null },
    customer: input.customer,
    customer_account: null,
    customer_creation: input.customerCreation,
    customer_details: null,
    customer_email: input.customerEmail,
    discounts: [],
    expires_at: input.expiresAt,
    integration_identifier: null,
    invoice: null,
    invoice_creation:
      input.mode === "payment"
        ? { enabled: false, invoice_data: { account_tax_ids: null, custom_fields: null, description: null, footer: null, issuer: null, metadata: {}, rendering_options: null } }
        : null,
    livemode: false,
    locale: input.locale,
    managed_payments: null,
    metadata: input.metadata,
    mode: input.mode,
    origin_context: null,
    payment_intent: null,
    payment_link: null,
    payment_method_collection: input.mode === "subscription" ? "always" : null,
    payment_method_configuration_details: null,
    payment_method_options: {},
    payment_method_types: input.paymentMethodTypes,
    payment_status: "unpaid",
    permissions: null,
    phone_number_collection: { enabled: false },
    recovered_from: null,
    saved_payment_method_options: null,
    setup_intent: null,
    shipping_address_collection: null,
    shipping_cost: null,
    shipping_options: [],
    status: "open",
    submit_type: null,
    subscription: null,
    success_url: input.ui.successUrl,
    total_details: { amount_discount: 0, amount_shipping: 0, amount_tax: 0 },
    ui_mode: input.ui.uiMode,
    url: input.ui.uiMode === "hosted_page" ? input.url : null,
    wallet_options: null,
    // Only sessions without a hosted page carry these (an open embedded session captured in stripe-facts.md §9).
    ...(input.ui.uiMode === "hosted_page" ? {} : { redirect_on_completion: input.ui.redirectOnCompletion ?? "always", return_url: input.ui.returnUrl }),
  };
}
