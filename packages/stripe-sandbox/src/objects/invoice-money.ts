/** One line's tax, as the tax stand-in computed it (tax/compute.ts). */
export type InvoiceLineTax = { amount: number; taxable: number; behavior: "exclusive" | "inclusive"; reason: string; rate: string | null };

/** What changes an invoice's lines' money: the subscription's discount (its share per line) and automatic tax. */
export type InvoiceAdjustments = {
  discount: { id: string; perLine: number[] } | null;
  tax: { status: "complete" | "requires_location_inputs"; lines: InvoiceLineTax[] } | null;
};

type TaxEntry = { amount: number; tax_behavior: string; tax_rate_details: { tax_rate: string } | null; taxability_reason: string; taxable_amount: number; type: "tax_rate_details" };

function taxEntry(tax: InvoiceLineTax): TaxEntry {
  return {
    amount: tax.amount,
    tax_behavior: tax.behavior,
    tax_rate_details: tax.rate ? { tax_rate: tax.rate } : null,
    taxability_reason: tax.reason,
    taxable_amount: tax.taxable,
    type: "tax_rate_details",
  };
}

/** The per-line `discount_amounts` and `taxes` of line `i`. */
export function lineMoney(adjustments: InvoiceAdjustments, i: number): { discount_amounts: { amount: number; discount: string }[]; taxes: TaxEntry[] } {
  const { discount, tax } = adjustments;
  const lineTax = tax?.lines[i];
  return {
    discount_amounts: discount ? [{ amount: discount.perLine[i] ?? 0, discount: discount.id }] : [],
    taxes: lineTax ? [taxEntry(lineTax)] : [],
  };
}

/**
 * The invoice's totals, as Stripe defines them: `subtotal` before discounts and tax, `total` after
 * discounts and with exclusive tax, the `*_excluding_tax` amounts without any tax (inclusive tax taken
 * out), `total_discount_amounts` and `total_taxes` (one entry per rate and behaviour).
 */
export function invoiceTotals(amounts: number[], adjustments: InvoiceAdjustments) {
  const subtotal = amounts.reduce((sum, amount) => sum + amount, 0);
  const discounted = adjustments.discount?.perLine.reduce((sum, amount) => sum + amount, 0) ?? 0;
  const taxes = adjustments.tax?.lines ?? [];
  const exclusive = taxes.filter((t) => t.behavior === "exclusive").reduce((sum, t) => sum + t.amount, 0);
  const inclusive = taxes.filter((t) => t.behavior === "inclusive").reduce((sum, t) => sum + t.amount, 0);
  const merged = new Map<string, InvoiceLineTax>();
  for (const t of taxes) {
    const key = `${t.rate ?? t.reason}:${t.behavior}`;
    const seen = merged.get(key);
    merged.set(key, seen ? { ...seen, amount: seen.amount + t.amount, taxable: seen.taxable + t.taxable } : t);
  }
  return {
    subtotal,
    subtotal_excluding_tax: subtotal - inclusive,
    total: subtotal - discounted + exclusive,
    total_excluding_tax: subtotal - discounted - inclusive,
    discounts: adjustments.discount ? [adjustments.discount.id] : [],
    total_discount_amounts: adjustments.discount ? [{ amount: discounted, discount: adjustments.discount.id }] : [],
    total_taxes: [...merged.values()].map(taxEntry),
    automatic_tax: adjustments.tax
      ? { disabled_reason: null, enabled: true, liability: { type: "self" }, provider: "stripe", status: adjustments.tax.status }
      : { disabled_reason: null, enabled: false, liability: null, provider: null, status: null },
  };
}
