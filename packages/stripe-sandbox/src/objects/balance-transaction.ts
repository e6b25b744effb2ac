/** A balance movement as disputes embed it; other objects only reference their `txn_…` id. */
export type BalanceTransaction = {
  id: string;
  object: "balance_transaction";
  amount: number;
  fee: number;
  net: number;
  [key: string]: unknown;
};

type Fee = { amount: number; description: string };

export function buildBalanceTransaction(input: {
  id: string;
  now: number;
  amount: number;
  currency: string;
  description: string;
  source: string;
  fee: Fee | null;
  reportingCategory: string;
}): BalanceTransaction {
  const fee = input.fee?.amount ?? 0;
  return {
    id: input.id,
    object: "balance_transaction",
    amount: input.amount,
    available_on: input.now,
    balance_type: "payments",
    created: input.now,
    currency: input.currency,
    description: input.description,
    exchange_rate: null,
    fee,
    fee_details: input.fee ? [{ amount: input.fee.amount, application: null, currency: input.currency, description: input.fee.description, type: "stripe_fee" }] : [],
    net: input.amount - fee,
    reporting_category: input.reportingCategory,
    source: input.source,
    status: "available",
    type: "adjustment",
  };
}
