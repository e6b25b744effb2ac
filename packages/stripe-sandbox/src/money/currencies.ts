import { invalidRequest } from "../http/errors";

/** Minimum charge per currency in minor units (Stripe's published minimums for the common ones). */
const MINIMUMS: Record<string, number> = {
  usd: 50, eur: 50, gbp: 30, cad: 50, aud: 50, nzd: 50, chf: 50, sgd: 50, hkd: 400, jpy: 50,
  sek: 300, nok: 300, dkk: 250, pln: 200, czk: 1500, huf: 17500, mxn: 1000, brl: 50, inr: 50,
};

const ZERO_DECIMAL = new Set(["jpy", "krw", "vnd", "clp", "pyg", "xaf", "xof", "ugx", "rwf", "kmf", "gnf", "bif", "djf", "mga", "vuv", "xpf"]);

/** Stripe caps a single amount at eight digits in minor units. */
export const MAX_AMOUNT = 99_999_999;

export function checkCurrency(currency: string, param = "currency"): string {
  const lower = currency.toLowerCase();
  if (!(lower in MINIMUMS)) {
    throw invalidRequest(`Invalid currency: ${lower}. Stripe currently supports these currencies: ${Object.keys(MINIMUMS).join(", ")}`, { param });
  }
  return lower;
}

function minimumAmount(currency: string): number {
  return MINIMUMS[currency] ?? 50;
}

export function formatAmount(amount: number, currency: string): string {
  const major = ZERO_DECIMAL.has(currency) ? amount : amount / 100;
  return new Intl.NumberFormat("en-US", { style: "currency", currency: currency.toUpperCase() }).format(major);
}

export function checkChargeAmount(amount: number, currency: string, subject: string): void {
  const min = minimumAmount(currency);
  if (amount < min) {
    throw invalidRequest(`${subject} must add up to at least ${formatAmount(min, currency)} ${currency}`, { code: "amount_too_small", param: "amount" });
  }
  if (amount > MAX_AMOUNT) {
    throw invalidRequest(`${subject} must be no more than ${formatAmount(MAX_AMOUNT, currency)} ${currency}`, { code: "amount_too_large", param: "amount" });
  }
}
