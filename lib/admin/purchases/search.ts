import { sql } from "@/lib/db";
import { adjustedBreakdown, type PaidAmountColumns, type PaidBreakdown } from "@/lib/account/paid-breakdown";
import type { CheckoutMode, PaymentStatus } from "@/lib/generated/prisma/enums";
import { readSubscriptionInvoice } from "@/lib/stripe-gateway/billing";
import { encodeCursor } from "@/lib/admin/page-cursor";
import type { PurchaseSearch, SearchTerm } from "@/lib/admin/purchases/search-input";

// The console's purchase list: every purchase of every buyer, newest first, in pages of 50 that
// start from a cursor (a row in the order), never an offset, so page 2,000 costs what page 1 does.
// Each filter is one indexed column (migration 20261207004009_operators_console), and the order
// (createdAt, id) is total: rows made in the same millisecond keep their place between pages.

export const PAGE_SIZE = 50;

interface PurchaseListItem {
  checkoutSessionId: string;
  userId: string;
  email: string;
  productKey: string;
  mode: CheckoutMode;
  amountCents: number;
  currency: string;
  /** Subtotal, discount and tax, when a discount or tax made the amount differ from the price. */
  breakdown: PaidBreakdown | null;
  status: PaymentStatus;
  refundedCents: number;
  disputed: boolean;
  needsOperator: string | null;
  paymentIntentId: string | null;
  subscriptionId: string | null;
  createdAt: string;
  fulfilledAt: string | null;
}

export interface PurchasePage {
  purchases: PurchaseListItem[];
  /** The cursor of the page before this one (newer purchases), if there is one. */
  newer: string | null;
  /** The cursor of the page after this one (older purchases), if there is one. */
  older: string | null;
}

interface Row extends Omit<PurchaseListItem, "createdAt" | "fulfilledAt" | "breakdown">, PaidAmountColumns {
  id: string;
  createdAt: Date;
  fulfilledAt: Date | null;
}

/** The subscription an invoice bills, or null when Stripe has no such invoice or it bills none. */
async function subscriptionOfInvoice(invoiceId: string): Promise<string | null> {
  // A purchase keeps no invoice ids, and a stripe_event row about an invoice says only that it
  // arrived, not which subscription it bills: only Stripe's invoice links the two. One read, made
  // before any query (never inside a transaction); Stripe's failures reach the operator as its
  // ApiError, so an outage reads "try again", not "nothing found".
  const invoice = await readSubscriptionInvoice(invoiceId);
  return invoice?.subscriptionId ?? null;
}

function termCondition(term: SearchTerm, value: (v: unknown) => string): string {
  switch (term.kind) {
    case "email":
      return `p."userId" = (SELECT id FROM "user" WHERE email = ${value(term.email)})`;
    case "user":
      return `p."userId" = ${value(term.id)}`;
    case "session":
      return `p."checkoutSessionId" = ${value(term.id)}`;
    case "payment":
      return `p."paymentIntentId" = ${value(term.id)}`;
    case "subscription":
    case "invoice":
      return `p."subscriptionId" = ${value(term.id)}`;
  }
}

function listItem(row: Row): PurchaseListItem {
  return {
    checkoutSessionId: row.checkoutSessionId,
    userId: row.userId,
    email: row.email,
    productKey: row.productKey,
    mode: row.mode,
    amountCents: row.amountCents,
    currency: row.currency,
    breakdown: adjustedBreakdown(row),
    status: row.status,
    refundedCents: row.refundedCents,
    disputed: row.disputed,
    needsOperator: row.needsOperator,
    paymentIntentId: row.paymentIntentId,
    subscriptionId: row.subscriptionId,
    createdAt: row.createdAt.toISOString(),
    fulfilledAt: row.fulfilledAt?.toISOString() ?? null,
  };
}

/** One page of the purchases the search matches, newest first. */
export async function searchPurchases(search: PurchaseSearch): Promise<PurchasePage> {
  let term = search.term;
  if (term?.kind === "invoice") {
    const subscriptionId = await subscriptionOfInvoice(term.id);
    if (!subscriptionId) return { purchases: [], newer: null, older: null };
    term = { kind: "subscription", id: subscriptionId };
  }

  const values: unknown[] = [];
  const value = (v: unknown) => {
    values.push(v);
    return `$${values.length}`;
  };
  const conditions: string[] = [];
  if (term) conditions.push(termCondition(term, value));
  if (search.status) conditions.push(`p.status = ${value(search.status)}::"PaymentStatus"`);
  if (search.productKey) conditions.push(`p."productKey" = ${value(search.productKey)}`);
  if (search.from) conditions.push(`p."createdAt" >= ${value(search.from)}`);
  if (search.until) conditions.push(`p."createdAt" < ${value(search.until)}`);

  const cursor = search.cursor;
  const towardsNewer = cursor?.direction === "newer";
  if (cursor) {
    const at = value(cursor.at);
    const id = value(cursor.id);
    // The row comparison is what the (createdAt, id) index seeks to; the plain bound on createdAt
    // lets the (status, createdAt) and (productKey, createdAt) indexes seek too.
    conditions.push(
      towardsNewer ? `p."createdAt" >= ${at} AND (p."createdAt", p.id) > (${at}, ${id})` : `p."createdAt" <= ${at} AND (p."createdAt", p.id) < (${at}, ${id})`,
    );
  }
  const order = towardsNewer ? "ASC" : "DESC";

  const rows = await sql<Row>(
    `SELECT p.id, p."checkoutSessionId", p."userId", u.email, p."productKey", p.mode, p."amountCents", p.currency, p.status,
            p."refundedCents", p."needsOperator", p."paymentIntentId", p."subscriptionId", p."createdAt", p."fulfilledAt",
            p."subtotalCents", p."discountCents", p."taxCents", p."promotionCode",
            EXISTS (SELECT 1 FROM dispute d WHERE d."checkoutSessionId" = p."checkoutSessionId") AS disputed
     FROM purchase p JOIN "user" u ON u.id = p."userId"
     ${conditions.length > 0 ? `WHERE ${conditions.join(" AND ")}` : ""}
     ORDER BY p."createdAt" ${order}, p.id ${order}
     LIMIT ${PAGE_SIZE + 1}`,
    values,
  );

  const more = rows.length > PAGE_SIZE;
  const shown = rows.slice(0, PAGE_SIZE);
  if (towardsNewer) shown.reverse();
  const first = shown[0];
  const last = shown.at(-1);
  // Coming from a cursor means the rows on its far side exist: the way back is always there.
  const hasNewer = towardsNewer ? more : cursor !== null;
  const hasOlder = towardsNewer ? true : more;
  return {
    purchases: shown.map(listItem),
    newer: hasNewer && first ? encodeCursor({ direction: "newer", at: first.createdAt, id: first.id }) : null,
    older: hasOlder && last ? encodeCursor({ direction: "older", at: last.createdAt, id: last.id }) : null,
  };
}
