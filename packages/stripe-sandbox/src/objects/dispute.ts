import type { Metadata } from "../core/types";
import type { BalanceTransaction } from "./balance-transaction";

export type DisputeStatus = "warning_needs_response" | "warning_under_review" | "warning_closed" | "needs_response" | "under_review" | "won" | "lost";

export type Dispute = {
  id: string;
  object: "dispute";
  amount: number;
  charge: string;
  created: number;
  currency: string;
  payment_intent: string;
  status: DisputeStatus;
  balance_transactions: BalanceTransaction[];
  evidence: Record<string, unknown>;
  evidence_details: { due_by: number; has_evidence: boolean; past_due: boolean; submission_count: number; enhanced_eligibility: Record<string, unknown> };
  is_charge_refundable: boolean;
  metadata: Metadata;
  [key: string]: unknown;
};

/** Every text or file field Stripe accepts under `evidence[…]`, all null until the merchant responds. */
export const EVIDENCE_FIELDS = [
  "access_activity_log",
  "billing_address",
  "cancellation_policy",
  "cancellation_policy_disclosure",
  "cancellation_rebuttal",
  "customer_communication",
  "customer_email_address",
  "customer_name",
  "customer_purchase_ip",
  "customer_signature",
  "duplicate_charge_documentation",
  "duplicate_charge_explanation",
  "duplicate_charge_id",
  "product_description",
  "receipt",
  "refund_policy",
  "refund_policy_disclosure",
  "refund_refusal_explanation",
  "service_date",
  "service_documentation",
  "shipping_address",
  "shipping_carrier",
  "shipping_date",
  "shipping_documentation",
  "shipping_tracking_number",
  "uncategorized_file",
  "uncategorized_text",
] as const;

const DAY = 86_400;

/** Observed on a test dispute: the response is due at 23:59:59 UTC on the 8th day after creation. */
function dueBy(now: number): number {
  return Math.floor(now / DAY) * DAY + 8 * DAY + DAY - 1;
}

export function buildDispute(input: {
  id: string;
  now: number;
  amount: number;
  currency: string;
  charge: string;
  paymentIntent: string;
  brand: string;
  inquiry: boolean;
}): Dispute {
  const evidence: Record<string, unknown> = { enhanced_evidence: {} };
  for (const field of EVIDENCE_FIELDS) evidence[field] = null;
  return {
    id: input.id,
    object: "dispute",
    amount: input.amount,
    balance_transactions: [],
    charge: input.charge,
    created: input.now,
    currency: input.currency,
    enhanced_eligibility_types: [],
    evidence,
    evidence_details: { due_by: dueBy(input.now), enhanced_eligibility: {}, has_evidence: false, past_due: false, submission_count: 0 },
    // Inquiries move no money, so the charge can still be refunded; a chargeback has already taken it.
    is_charge_refundable: input.inquiry,
    livemode: false,
    metadata: {},
    payment_intent: input.paymentIntent,
    payment_method_details: {
      card: { brand: input.brand, case_type: input.inquiry ? "inquiry" : "chargeback", network_reason_code: "10.4", network: input.brand },
      type: "card",
    },
    reason: input.inquiry ? "general" : "fraudulent",
    status: input.inquiry ? "warning_needs_response" : "needs_response",
  };
}
