import { purchaseOutcome, type PurchaseOutcome } from "@/lib/account/account-views";
import { sql } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { CheckoutMode, LedgerReason, PaymentStatus } from "@/lib/generated/prisma/enums";

// What happened to one buyer, newest first: coin movements, purchases and the operator actions
// about them. Each list is capped (the page's "show more" raises the cap) and asks for one row more
// than it shows, to know whether there is more. Each reads the buyer's own rows through an index
// that starts with the buyer (or, for the audit log, with the ids that name them).

/** The most any list shows, however often "show more" is pressed. */
export const MAX_LIST = 1000;

export interface Capped<T> {
  items: T[];
  /** More entries exist beyond the cap. */
  more: boolean;
}

function capped<T>(rows: T[], limit: number): Capped<T> {
  return { items: rows.slice(0, limit), more: rows.length > limit };
}

export interface BuyerLedgerEntry {
  id: string;
  delta: number;
  reason: LedgerReason;
  /** What moved the coins: a Checkout Session, a refund or dispute id, a usage spend, an adjustment's form submission. */
  sourceId: string;
  /** The purchase the entry concerns, and its product; null for generations and adjustments. */
  checkoutSessionId: string | null;
  productKey: string | null;
  createdAt: string;
}

export async function buyerLedger(userId: string, limit: number): Promise<Capped<BuyerLedgerEntry>> {
  const rows = await sql<Omit<BuyerLedgerEntry, "createdAt"> & { createdAt: Date }>(
    `SELECT l.id, l.delta, l.reason, l."sourceId", l."checkoutSessionId", p."productKey", l."createdAt"
     FROM (SELECT * FROM coin_ledger_entry WHERE "userId" = $1 ORDER BY "createdAt" DESC, id DESC LIMIT $2) l
     LEFT JOIN purchase p ON p."checkoutSessionId" = l."checkoutSessionId"
     ORDER BY l."createdAt" DESC, l.id DESC`,
    [userId, limit + 1],
  );
  return capped(
    rows.map((row) => ({ ...row, createdAt: row.createdAt.toISOString() })),
    limit,
  );
}

export interface BuyerPurchase {
  checkoutSessionId: string;
  productKey: string;
  mode: CheckoutMode;
  amountCents: number;
  currency: string;
  outcome: PurchaseOutcome;
  refundedCents: number;
  /** What a refund could still return, by the last read of Stripe; 0 when nothing can be refunded. */
  refundableCents: number;
  subscriptionId: string | null;
  createdAt: string;
}

interface PurchaseRow {
  checkoutSessionId: string;
  productKey: string;
  mode: CheckoutMode;
  amountCents: number;
  currency: string;
  status: PaymentStatus;
  refundedCents: number;
  subscriptionId: string | null;
  disputed: boolean;
  createdAt: Date;
}

/** As the buyer's own history reads them (lib/account/account-views.ts), with what the console acts on. */
export async function buyerPurchases(userId: string, limit: number): Promise<Capped<BuyerPurchase>> {
  const rows = await sql<PurchaseRow>(
    `SELECT p."checkoutSessionId", p."productKey", p.mode, p."amountCents", p.currency, p.status, p."refundedCents", p."subscriptionId", p."createdAt",
            d.open IS NOT NULL AS disputed
     FROM (SELECT * FROM purchase WHERE "userId" = $1 ORDER BY "createdAt" DESC LIMIT $2) p
     LEFT JOIN LATERAL (
       SELECT true AS open FROM dispute WHERE dispute."checkoutSessionId" = p."checkoutSessionId" AND dispute.status NOT IN ('won', 'warning_closed') LIMIT 1
     ) d ON true
     ORDER BY p."createdAt" DESC`,
    [userId, limit + 1],
  );
  return capped(
    rows.map((row) => {
      const outcome = purchaseOutcome(row);
      const refundable = outcome === "paid" || outcome === "partly_refunded";
      return {
        checkoutSessionId: row.checkoutSessionId,
        productKey: row.productKey,
        mode: row.mode,
        amountCents: row.amountCents,
        currency: row.currency,
        outcome,
        refundedCents: row.refundedCents,
        refundableCents: refundable ? Math.max(row.amountCents - row.refundedCents, 0) : 0,
        subscriptionId: row.subscriptionId,
        createdAt: row.createdAt.toISOString(),
      };
    }),
    limit,
  );
}

export interface BuyerAuditEntry {
  id: string;
  actorEmail: string;
  action: string;
  targetType: string;
  targetId: string;
  reason: string;
  before: Prisma.JsonValue;
  after: Prisma.JsonValue;
  createdAt: string;
}

/** How many of the buyer's newest purchases the audit lookup names (their refunds, their subscriptions' cancellations). */
const AUDITED_PURCHASES = 200;

/**
 * Operator actions about this buyer: on the buyer (coin adjustments), on their purchases
 * (refunds) and on their subscriptions (cancellations). The ids are gathered first, then the
 * audit log's (targetId, createdAt) index is probed once per id.
 */
export async function buyerAuditEntries(userId: string, limit: number): Promise<Capped<BuyerAuditEntry>> {
  const rows = await sql<Omit<BuyerAuditEntry, "createdAt"> & { createdAt: Date }>(
    `SELECT id, "actorEmail", action, "targetType", "targetId", reason, before, after, "createdAt"
     FROM audit_log_entry
     WHERE "targetId" = ANY(ARRAY(
       SELECT unnest(ARRAY[own."checkoutSessionId", own."subscriptionId"])
       FROM (SELECT "checkoutSessionId", "subscriptionId" FROM purchase WHERE "userId" = $1 ORDER BY "createdAt" DESC LIMIT $3) own
       UNION SELECT "sourceId" FROM plan WHERE "userId" = $1
       UNION SELECT $1
     ))
     ORDER BY "createdAt" DESC, id DESC
     LIMIT $2`,
    [userId, limit + 1, AUDITED_PURCHASES],
  );
  return capped(
    rows.map((row) => ({ ...row, createdAt: row.createdAt.toISOString() })),
    limit,
  );
}
