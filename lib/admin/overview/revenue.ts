import { sql } from "@/lib/db";
import { products } from "@/lib/catalog/products";
import { startOfUtcDay, utcParameter } from "@/lib/admin/overview/utc-days";

// Revenue as the store recorded it: each Checkout whose goods were delivered counts on the UTC day
// it was delivered (purchase.fulfilledAt; the column is indexed, so 30 days of a busy store are read
// through it). What counts, and what does not (the page's footnote says the same):
// - gross: the amount the Checkout charged, less the tax Stripe added (purchase.taxCents: tax is
//   collected for a government, not earned);
// - refunded: what Stripe now says was refunded of that sale (purchase.refundedCents, its latest
//   word, pending refunds included), less the tax in it: a refund returns tax and price in the
//   proportion they were paid. The store keeps no date per refund, so a refund counts against
//   the day of its sale: a window shows what its sales are worth now;
// - disputed: for a sale under a chargeback that was not won (open or lost), the part not already
//   refunded (Stripe can dispute no more than that), less its tax in the same proportion.
//   Inquiries move no money and are left out;
// - net: gross − refunded − disputed, before Stripe's fees;
// - subscription renewals are invoices Stripe bills by itself; the store records no purchase row
//   for them, so only a subscription's first payment (its Checkout) is in these figures.

export type RevenueSpan = "today" | "days7" | "days30";

export interface RevenueFigures {
  sales: number;
  grossCents: number;
  refundedCents: number;
  disputedCents: number;
  netCents: number;
}

export interface RevenueLine extends RevenueFigures {
  productKey: string;
  currency: string;
}

export interface RevenueTotal extends RevenueFigures {
  currency: string;
}

export interface RevenueWindow {
  span: RevenueSpan;
  /** 00:00 UTC of the window's first day (ISO); the window runs to `now`. */
  since: string;
  /** Per product and currency, highest gross first; empty when nothing sold. */
  lines: RevenueLine[];
  /** Per currency; the store's own currency with zeros when nothing sold, never empty. */
  totals: RevenueTotal[];
}

/** The part of `cents` (paid back, or disputed, of a sale) that is not tax, in whole cents. */
const UNTAXED = (cents: string) => `(${cents})::bigint * (p."amountCents" - p."taxCents") / GREATEST(p."amountCents", 1)`;

/** Chargebacks that took the money and have not given it back. */
const CHARGEBACKS_NOT_WON = ["needs_response", "under_review", "lost"];

/** Each window takes in the one before it; ordered as the buckets the statement counts in. */
const SPANS: { span: RevenueSpan; daysBack: number }[] = [
  { span: "today", daysBack: 0 },
  { span: "days7", daysBack: 6 },
  { span: "days30", daysBack: 29 },
];

interface Row {
  /** The index in SPANS of the first window the sales fall in. */
  bucket: number;
  productKey: string;
  currency: string;
  sales: number;
  gross: string;
  refunded: string;
  disputed: string;
}

const STORE_CURRENCY = products[0].currency;

function figures(sales: number, grossCents: number, refundedCents: number, disputedCents: number): RevenueFigures {
  return { sales, grossCents, refundedCents, disputedCents, netCents: grossCents - refundedCents - disputedCents };
}

const zero = (): RevenueFigures => figures(0, 0, 0, 0);

/** Adds `part` to the sum kept under `name`, which `start` makes the first time (a page renders dozens of these). */
function addTo<Sum extends RevenueFigures>(sums: Map<string, Sum>, name: string, start: () => Sum, part: RevenueFigures): void {
  let sum = sums.get(name);
  if (!sum) sums.set(name, (sum = start()));
  sum.sales += part.sales;
  sum.grossCents += part.grossCents;
  sum.refundedCents += part.refundedCents;
  sum.disputedCents += part.disputedCents;
  sum.netCents += part.netCents;
}

/**
 * Today, the last 7 and the last 30 UTC days (each including today), by product: one statement
 * that counts each sale once, in the narrowest window it falls in. Wider windows are added up and
 * everything is ordered here: grouping thousands of sales three times over, or sorting them by
 * product name under the database's collation, cost more than the rest of the statement. It groups
 * by the two window tests rather than by the bucket they make: the planner counts a test as two
 * groups and hashes the few groups there are, where it guesses a computed bucket has as many
 * groups as sales and sorts them all first. The chargebacks not won are few: they are hashed once
 * and joined, where a test per sale made the planner sort the sales before grouping them.
 */
export async function revenueByProduct(now: Date): Promise<RevenueWindow[]> {
  const starts = SPANS.map(({ span, daysBack }) => ({ span, since: startOfUtcDay(now, daysBack) }));
  const rows = await sql<Row>(
    `SELECT CASE WHEN p."fulfilledAt" >= $1::timestamp THEN 0 WHEN p."fulfilledAt" >= $2::timestamp THEN 1 ELSE 2 END AS bucket,
            p."productKey", p.currency, count(*)::int AS sales, sum(p."amountCents" - p."taxCents")::bigint AS gross,
            sum(${UNTAXED(`LEAST(p."refundedCents", p."amountCents")`)})::bigint AS refunded,
            sum(CASE WHEN d."checkoutSessionId" IS NOT NULL THEN ${UNTAXED(`GREATEST(p."amountCents" - p."refundedCents", 0)`)} ELSE 0 END)::bigint AS disputed
     FROM purchase p
     LEFT JOIN (SELECT DISTINCT "checkoutSessionId" FROM dispute WHERE status = ANY($5::text[])) d ON d."checkoutSessionId" = p."checkoutSessionId"
     WHERE p."fulfilledAt" >= $3::timestamp AND p."fulfilledAt" <= $4::timestamp
     GROUP BY p."fulfilledAt" >= $1::timestamp, p."fulfilledAt" >= $2::timestamp, p."productKey", p.currency`,
    [...starts.map(({ since }) => utcParameter(since)), utcParameter(now), CHARGEBACKS_NOT_WON],
  );
  const parts = rows.map((row) => ({ ...row, ...figures(row.sales, Number(row.gross), Number(row.refunded), Number(row.disputed)) }));
  return starts.map(({ span, since }, index) => {
    const byLine = new Map<string, RevenueLine>();
    for (const part of parts) {
      const { productKey, currency } = part;
      if (part.bucket <= index) addTo(byLine, `${productKey} ${currency}`, () => ({ productKey, currency, ...zero() }), part);
    }
    const lines = [...byLine.values()].sort((a, b) => b.grossCents - a.grossCents || a.productKey.localeCompare(b.productKey) || a.currency.localeCompare(b.currency));
    const byCurrency = new Map<string, RevenueTotal>();
    for (const line of lines) addTo(byCurrency, line.currency, () => ({ currency: line.currency, ...zero() }), line);
    const totals = [...byCurrency.values()].sort((a, b) => b.grossCents - a.grossCents);
    return { span, since: since.toISOString(), lines, totals: totals.length > 0 ? totals : [{ currency: STORE_CURRENCY, ...zero() }] };
  });
}
