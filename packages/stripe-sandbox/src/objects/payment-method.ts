import { emptyAddress } from "./shared";

type CardDetails = { brand: string; last4: string; exp_month: number; exp_year: number; funding: string };

export type PaymentMethod = {
  id: string;
  object: "payment_method";
  type: "card" | "us_bank_account";
  customer: string | null;
  card: (CardDetails & Record<string, unknown>) | null;
  [key: string]: unknown;
};

export function buildPaymentMethod(input: {
  id: string;
  now: number;
  card: CardDetails | null;
  email: string | null;
  name: string | null;
  customer: string | null;
}): PaymentMethod {
  const card = input.card
    ? {
        ...input.card,
        checks: { address_line1_check: null, address_postal_code_check: null, cvc_check: "pass" },
        country: "US",
        display_brand: input.card.brand,
        fingerprint: input.card.last4.repeat(4),
        generated_from: null,
        networks: { available: [input.card.brand], preferred: null },
        regulated_status: "unregulated",
        three_d_secure_usage: { supported: true },
        wallet: null,
      }
    : null;
  return {
    id: input.id,
    object: "payment_method",
    allow_redisplay: "unspecified",
    billing_details: { address: emptyAddress(), email: input.email, name: input.name, phone: null, tax_id: null },
    card,
    created: input.now,
    customer: input.customer,
    customer_account: null,
    livemode: false,
    metadata: {},
    type: input.card ? "card" : "us_bank_account",
    ...(input.card
      ? {}
      : {
          us_bank_account: {
            account_holder_type: "individual",
            account_type: "checking",
            bank_name: "STRIPE TEST BANK",
            financial_connections_account: null,
            fingerprint: "sandboxbankacct0",
            last4: "6789",
            networks: { preferred: "ach", supported: ["ach"] },
            routing_number: "110000000",
            status_details: null,
          },
        }),
  };
}

/** The `payment_method_details` a charge records for this method. */
export function chargeDetailsFor(pm: PaymentMethod, amount: number) {
  if (!pm.card) {
    return { type: "us_bank_account", us_bank_account: pm["us_bank_account"] ?? null };
  }
  return {
    type: "card",
    card: {
      amount_authorized: amount,
      authorization_code: null,
      brand: pm.card.brand,
      checks: pm.card["checks"],
      country: "US",
      exp_month: pm.card.exp_month,
      exp_year: pm.card.exp_year,
      extended_authorization: { status: "disabled" },
      fingerprint: pm.card["fingerprint"],
      funding: pm.card.funding,
      incremental_authorization: { status: "unavailable" },
      installments: null,
      last4: pm.card.last4,
      mandate: null,
      multicapture: { status: "unavailable" },
      network: pm.card.brand,
      network_token: { used: false },
      network_transaction_id: null,
      overcapture: { maximum_amount_capturable: amount, status: "unavailable" },
      regulated_status: "unregulated",
      three_d_secure: null,
      wallet: null,
    },
  };
}
