import type { Metadata } from "../core/types";

export type RefundStatus = "pending" | "succeeded" | "failed";

export type Refund = {
  id: string;
  object: "refund";
  amount: number;
  charge: string;
  payment_intent: string;
  currency: string;
  reason: string | null;
  status: RefundStatus;
  failure_reason: string | null;
  failure_balance_transaction: string | null;
  metadata: Metadata;
  created: number;
  [key: string]: unknown;
};

export function buildRefund(input: {
  id: string;
  now: number;
  amount: number;
  charge: string;
  paymentIntent: string;
  currency: string;
  customer: string | null;
  paymentMethod: string;
  reason: string | null;
  metadata: Metadata;
  card: boolean;
  status: "pending" | "succeeded";
}): Refund {
  return {
    id: input.id,
    object: "refund",
    amount: input.amount,
    balance_transaction: `txn_${input.id.slice(3)}`,
    charge: input.charge,
    created: input.now,
    currency: input.currency,
    customer: input.customer,
    customer_account: null,
    failure_balance_transaction: null,
    failure_reason: null,
    destination_details: input.card
      ? { card: { reference_status: "pending", reference_type: "acquirer_reference_number", type: "refund" }, type: "card" }
      : { type: "us_bank_transfer", us_bank_transfer: { reference: null, reference_status: "pending" } },
    metadata: input.metadata,
    payment_intent: input.paymentIntent,
    payment_method: input.paymentMethod,
    reason: input.reason,
    receipt_number: null,
    source_transfer_reversal: null,
    status: input.status,
    transfer_reversal: null,
  };
}
