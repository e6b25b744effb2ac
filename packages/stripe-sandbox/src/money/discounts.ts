import type { CouponTerms } from "../objects/coupon";

export type Discountable = { amount: number; product: string; discountable: boolean };

/**
 * Shares `total` out over `weights` in proportion, in whole minor units that add up exactly: each line
 * gets its floor, and the cents left over go one each to the first lines.
 */
export function allocate(total: number, weights: number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  if (sum <= 0 || total <= 0) return weights.map(() => 0);
  const shares = weights.map((w) => Math.floor((total * w) / sum));
  let left = total - shares.reduce((a, b) => a + b, 0);
  for (let i = 0; left > 0 && i < shares.length; i++) {
    if ((weights[i] ?? 0) <= 0) continue;
    shares[i] = (shares[i] ?? 0) + 1;
    left--;
  }
  return shares;
}

function eligible(line: Discountable, terms: CouponTerms): boolean {
  return line.discountable && line.amount > 0 && (!terms.products || terms.products.includes(line.product));
}

/**
 * The discount on each line: a percentage of the eligible lines' sum (rounded half up once, on the
 * sum) or a fixed amount in the coupon's currency capped at that sum, shared out over the eligible
 * lines in proportion. Lines outside `applies_to.products`, credits and non-discountable lines get none.
 */
export function discountPerLine(lines: Discountable[], terms: CouponTerms, currency: string): number[] {
  const weights = lines.map((line) => (eligible(line, terms) ? line.amount : 0));
  const base = weights.reduce((a, b) => a + b, 0);
  let total = 0;
  if (terms.percent_off !== null) total = Math.round((base * terms.percent_off) / 100);
  else if (terms.amount_off !== null && terms.currency === currency) total = Math.min(terms.amount_off, base);
  return allocate(total, weights);
}

/** Whether any line is one the coupon can take money off. */
export function anyEligible(lines: Discountable[], terms: CouponTerms): boolean {
  return lines.some((line) => eligible(line, terms));
}
