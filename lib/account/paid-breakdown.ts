import { sql } from "@/lib/db";

// What a buyer paid for one checkout, line by line: the items, the discount (and the code that
// gave it), the tax, and the total charged. The figures are Stripe's, recorded from the completed
// Checkout Session by lib/payments/fulfilment/paid-amounts.ts.

export interface PaidBreakdown {
  subtotalCents: number;
  discountCents: number;
  /** The promotion code the buyer entered, when the discount came from one. */
  promotionCode: string | null;
  taxCents: number;
  /** What was charged: subtotal − discount + tax. */
  totalCents: number;
  currency: string;
}

export interface PaidAmountColumns {
  amountCents: number;
  subtotalCents: number | null;
  discountCents: number;
  taxCents: number;
  promotionCode: string | null;
  currency: string;
}

/** The breakdown of a purchase whose session completed; null before (nothing was paid yet). */
export function paidBreakdown(row: PaidAmountColumns): PaidBreakdown | null {
  if (row.subtotalCents === null) return null;
  return {
    subtotalCents: row.subtotalCents,
    discountCents: row.discountCents,
    promotionCode: row.promotionCode,
    taxCents: row.taxCents,
    totalCents: row.amountCents,
    currency: row.currency,
  };
}

/**
 * The breakdown where a list shows it: only a discount or tax makes the total differ from the
 * price, and otherwise the total says it all.
 */
export function adjustedBreakdown(row: PaidAmountColumns): PaidBreakdown | null {
  const breakdown = paidBreakdown(row);
  return breakdown && (breakdown.discountCents > 0 || breakdown.taxCents > 0) ? breakdown : null;
}

/**
 * The breakdown of one of the buyer's own checkouts (the success page); null for anyone else's,
 * and for one that cost nothing with nothing taken off (a free trial), which the page's words
 * already say.
 */
export async function paidBreakdownFor(userId: string, checkoutSessionId: string): Promise<PaidBreakdown | null> {
  const [row] = await sql<PaidAmountColumns>(
    `SELECT "amountCents", "subtotalCents", "discountCents", "taxCents", "promotionCode", currency
     FROM purchase WHERE "checkoutSessionId" = $1 AND "userId" = $2`,
    [checkoutSessionId, userId],
  );
  if (!row) return null;
  const breakdown = paidBreakdown(row);
  return breakdown && (breakdown.totalCents > 0 || adjustedBreakdown(row)) ? breakdown : null;
}
