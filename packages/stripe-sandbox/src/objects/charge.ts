import type { ListObject, Metadata } from "../core/types";
import { emptyAddress, emptyList } from "./shared";
import type { Refund } from "./refund";

export type ChargeOutcome = {
  advice_code: null;
  network_advice_code: null;
  network_decline_code: null;
  network_status: string;
  reason: string | null;
  risk_level: string;
  risk_score: number;
  seller_message: string;
  type: string;
};

export type Charge = {
  id: string;
  object: "charge";
  amount: number;
  amount_captured: number;
  amount_refunded: number;
  balance_transaction: string | null;
  captured: boolean;
  currency: string;
  customer: string | null;
  disputed: boolean;
  /** The charge's dispute, as the brief for app issue 7 expects; current API versions only have `disputed`. */
  dispute: string | null;
  failure_code: string | null;
  failure_message: string | null;
  outcome: ChargeOutcome | null;
  paid: boolean;
  payment_intent: string;
  payment_method: string;
  refunded: boolean;
  refunds: ListObject<Refund>;
  status: "succeeded" | "pending" | "failed";
  metadata: Metadata;
  created: number;
  [key: string]: unknown;
};

export function buildCharge(input: {
  id: string;
  now: number;
  amount: number;
  currency: string;
  customer: string | null;
  paymentIntent: string;
  paymentMethod: string;
  paymentMethodDetails: unknown;
  email: string | null;
  name: string | null;
  description: string | null;
  metadata: Metadata;
  receiptUrlBase: string;
}): Charge {
  return {
    id: input.id,
    object: "charge",
    amount: input.amount,
    amount_captured: 0,
    amount_refunded: 0,
    application: null,
    application_fee: null,
    application_fee_amount: null,
    balance_transaction: null,
    billing_details: { address: emptyAddress(), email: input.email, name: input.name, phone: null, tax_id: null },
    calculated_statement_descriptor: "SANDBOX",
    captured: false,
    created: input.now,
    currency: input.currency,
    customer: input.customer,
    description: input.description,
    dispute: null,
    disputed: false,
    failure_balance_transaction: null,
    failure_code: null,
    failure_message: null,
    fraud_details: {},
    livemode: false,
    metadata: input.metadata,
    on_behalf_of: null,
    outcome: null,
    paid: false,
    payment_intent: input.paymentIntent,
    payment_method: input.paymentMethod,
    payment_method_details: input.paymentMethodDetails,
    radar_options: {},
    receipt_email: input.email,
    receipt_number: null,
    receipt_url: `${input.receiptUrlBase}/receipts/${input.id}`,
    refunded: false,
    refunds: emptyList(`/v1/charges/${input.id}/refunds`),
    review: null,
    shipping: null,
    source: null,
    source_transfer: null,
    statement_descriptor: null,
    statement_descriptor_suffix: null,
    status: "pending",
    transfer_data: null,
    transfer_group: null,
  };
}
