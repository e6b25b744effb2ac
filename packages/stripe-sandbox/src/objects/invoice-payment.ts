export type InvoicePayment = {
  id: string;
  object: "invoice_payment";
  invoice: string;
  amount_paid: number | null;
  amount_requested: number;
  status: "open" | "paid" | "canceled";
  payment: { type: "payment_intent"; payment_intent: string };
  status_transitions: { canceled_at: number | null; paid_at: number | null };
  [key: string]: unknown;
};

export function buildInvoicePayment(input: { id: string; now: number; invoice: string; amount: number; currency: string; paymentIntent: string }): InvoicePayment {
  return {
    id: input.id,
    object: "invoice_payment",
    amount_paid: null,
    amount_requested: input.amount,
    created: input.now,
    currency: input.currency,
    invoice: input.invoice,
    is_default: true,
    livemode: false,
    payment: { type: "payment_intent", payment_intent: input.paymentIntent },
    status: "open",
    status_transitions: { canceled_at: null, paid_at: null },
  };
}
