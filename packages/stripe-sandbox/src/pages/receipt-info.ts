import { moneyDetails, sessionDiscount } from "../checkout/totals";
import type { Charge } from "../objects/charge";
import type { CheckoutSession } from "../objects/checkout-session";
import type { PromotionCode } from "../objects/promotion-code";
import type { TaxRate } from "../objects/tax-rate";
import type { Runtime } from "../runtime";

type Labelled = { label: string; amount: number };

/** What a Checkout payment's receipt lists beyond the charge: its items, discount and tax. */
export type CheckoutReceipt = {
  currency: string;
  lines: Labelled[];
  subtotal: number;
  discount: Labelled | null;
  taxes: (Labelled & { inclusive: boolean })[];
};

/** "VAT (19%)", as Stripe's receipts name an automatic rate; a rate no longer stored is plain "Tax". */
function rateLabel(rate: TaxRate | undefined): string {
  if (!rate) return "Tax";
  const name = typeof rate["display_name"] === "string" && rate["display_name"] ? rate["display_name"] : "Tax";
  return `${name} (${rate.percentage}%${rate.inclusive ? ", included" : ""})`;
}

/** The code the buyer typed, else the coupon's name (its id when unnamed), as the checkout page showed it. */
function discountLabel(rt: Runtime, sessionId: string): string | null {
  const extras = rt.store.internal.sessions[sessionId];
  const found = extras ? sessionDiscount(rt.deps, extras) : null;
  if (!found) return null;
  const promo = found.discount.promotion_code ? rt.store.get<PromotionCode>("promotion_code", found.discount.promotion_code) : undefined;
  return promo?.code ?? found.coupon.name ?? found.coupon.id;
}

/** One row per rate, in the order the lines first use it; untaxed lines add none. */
function taxRows(rt: Runtime, sessionId: string): CheckoutReceipt["taxes"] {
  const byRate = new Map<string, CheckoutReceipt["taxes"][number]>();
  for (const detail of moneyDetails(rt.deps, sessionId)?.lines.values() ?? []) {
    if (!detail.tax || detail.tax.amount === 0) continue;
    const key = detail.tax.rate ?? "";
    const rate = detail.tax.rate ? rt.store.get<TaxRate>("tax_rate", detail.tax.rate) : undefined;
    const row = byRate.get(key) ?? { label: rateLabel(rate), amount: 0, inclusive: detail.tax.behavior === "inclusive" };
    row.amount += detail.tax.amount;
    byRate.set(key, row);
  }
  return [...byRate.values()];
}

/**
 * The Checkout Session behind a charge's PaymentIntent, read as its receipt shows it; null for a
 * charge made any other way (the API, an invoice), whose receipt shows the charge alone.
 */
export function checkoutReceipt(rt: Runtime, charge: Charge): CheckoutReceipt | null {
  const sessionId = rt.store.internal.sessionOfIntent[charge.payment_intent];
  const session = sessionId ? rt.store.get<CheckoutSession>("checkout.session", sessionId) : undefined;
  const extras = sessionId ? rt.store.internal.sessions[sessionId] : undefined;
  if (!sessionId || !session || !extras) return null;
  const lines = extras.lineItems;
  const discounted = lines.reduce((sum, line) => sum + Number(line["amount_discount"] ?? 0), 0);
  const label = discountLabel(rt, sessionId);
  return {
    currency: session.currency,
    lines: lines.map((line) => ({ label: `${line.description} × ${line.quantity}`, amount: line.amount_subtotal })),
    subtotal: lines.reduce((sum, line) => sum + line.amount_subtotal, 0),
    discount: label && discounted > 0 ? { label, amount: discounted } : null,
    taxes: taxRows(rt, sessionId),
  };
}
