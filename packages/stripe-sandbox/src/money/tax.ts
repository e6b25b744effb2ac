export type TaxBehavior = "exclusive" | "inclusive";

/**
 * Tax on one line (its amount after discounts), rounded half up on the line: `exclusive` adds it on top;
 * `inclusive` takes it out of the amount, which then holds `taxable` + `tax`.
 */
export function lineTax(amount: number, behavior: TaxBehavior, percentage: number): { tax: number; taxable: number } {
  if (amount <= 0 || percentage <= 0) return { tax: 0, taxable: Math.max(amount, 0) };
  if (behavior === "exclusive") return { tax: Math.round((amount * percentage) / 100), taxable: amount };
  const taxable = Math.round(amount / (1 + percentage / 100));
  return { tax: amount - taxable, taxable };
}
