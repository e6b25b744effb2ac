import { sql } from "@/lib/db";
import { planByTier } from "@/lib/catalog/products";
import { paymentHasReceipt } from "@/lib/account/receipts";
import { adjustedBreakdown, type PaidAmountColumns, type PaidBreakdown } from "@/lib/account/paid-breakdown";
import type { LedgerReason, PaymentStatus, PlanStatus, PlanTier, SubscriptionStatus } from "@/lib/generated/prisma/enums";

// What a signed-in user sees of their own money state: read-only views for pages and the API.

export interface AccountSummary {
  email: string;
  name: string;
  coinBalance: number;
  /** Coins of disputed packs, out of the balance until the dispute closes. */
  heldCoins: number;
  plan: {
    tier: PlanTier;
    status: PlanStatus;
    /** Stripe's subscription status; null for Lifetime. */
    subscriptionStatus: SubscriptionStatus | null;
    currentPeriodEnd: string | null;
    cancelAtPeriodEnd: boolean;
    /** A downgrade that takes effect at currentPeriodEnd. */
    scheduledTier: PlanTier | null;
    /** limit null: unlimited. */
    allowance: { used: number; limit: number | null; resetsAt: string | null };
  } | null;
}

export type PurchaseOutcome = "paid" | "canceled" | "expired" | "failed" | "processing" | "refunded" | "partly_refunded" | "disputed";

export interface PurchaseView {
  checkoutSessionId: string;
  productKey: string;
  amountCents: number;
  currency: string;
  /** What happened, in the buyer's terms (see purchaseOutcome). */
  outcome: PurchaseOutcome;
  refundedCents: number;
  createdAt: string;
  fulfilledAt: string | null;
  /** Whether a receipt can be opened (money was taken): the link is `/account/receipts/${checkoutSessionId}`. */
  hasReceipt: boolean;
  /** The price, discount and tax behind amountCents, when a discount or tax made them differ. */
  breakdown: PaidBreakdown | null;
}

export interface LedgerEntryView {
  id: string;
  delta: number;
  reason: LedgerReason;
  /** The catalog product the entry concerns (the pack bought, refunded or disputed); null for generations and adjustments. */
  productKey: string | null;
  createdAt: string;
}

interface SummaryRow {
  email: string;
  name: string;
  coinBalance: number;
  heldCoins: number;
  tier: PlanTier | null;
  status: PlanStatus | null;
  subscriptionStatus: SubscriptionStatus | null;
  currentPeriodEnd: Date | null;
  cancelAtPeriodEnd: boolean | null;
  scheduledTier: PlanTier | null;
  allowanceUsed: number | null;
  allowanceResetsAt: Date | null;
}

/** One statement: the success page reads it right after a payment settles, while it is on the buyer's critical path. */
export async function accountSummary(userId: string): Promise<AccountSummary | null> {
  const [row] = await sql<SummaryRow>(
    `SELECT u.email, u.name, u."coinBalance", u."heldCoins", p.tier, p.status, p."subscriptionStatus", p."currentPeriodEnd",
            p."cancelAtPeriodEnd", p."scheduledTier", p."allowanceUsed", p."allowanceResetsAt"
     FROM "user" u LEFT JOIN plan p ON p."userId" = u.id
     WHERE u.id = $1`,
    [userId],
  );
  if (!row) return null;
  return {
    email: row.email,
    name: row.name,
    coinBalance: row.coinBalance,
    heldCoins: row.heldCoins,
    plan: row.tier && row.status
      ? {
          tier: row.tier,
          status: row.status,
          subscriptionStatus: row.subscriptionStatus,
          currentPeriodEnd: row.currentPeriodEnd?.toISOString() ?? null,
          cancelAtPeriodEnd: row.cancelAtPeriodEnd ?? false,
          scheduledTier: row.scheduledTier,
          allowance: {
            used: row.allowanceUsed ?? 0,
            limit: planByTier(row.tier).monthlyGenerations,
            resetsAt: row.allowanceResetsAt?.toISOString() ?? null,
          },
        }
      : null,
  };
}

interface OutcomeFacts {
  status: PaymentStatus;
  amountCents: number;
  /** What Stripe's charge says was refunded. */
  refundedCents: number;
  /** A dispute on the payment is open, or was lost. */
  disputed: boolean;
}

/**
 * A purchase's story in one word, most telling first: money taken back by a dispute or a refund
 * outweighs the payment it undoes. A checkout the buyer left (Stripe's `unpaid`, or `canceled`)
 * reads "canceled": to a buyer, "unpaid" sounds like a bill still owed.
 */
export function purchaseOutcome(facts: OutcomeFacts): PurchaseOutcome {
  if (facts.disputed) return "disputed";
  if (facts.refundedCents > 0) return facts.amountCents > 0 && facts.refundedCents >= facts.amountCents ? "refunded" : "partly_refunded";
  switch (facts.status) {
    case "paid":
    case "no_payment_required":
      return "paid";
    case "failed":
    case "processing":
    case "expired":
      return facts.status;
    case "unpaid":
    case "canceled":
      return "canceled";
  }
}

interface PurchaseRow extends OutcomeFacts, PaidAmountColumns {
  checkoutSessionId: string;
  productKey: string;
  currency: string;
  createdAt: Date;
  fulfilledAt: Date | null;
}

/**
 * One statement: the newest purchases first (the (userId, createdAt) index), then one probe of
 * dispute's checkoutSessionId index for each of those only. LATERAL … LIMIT 1 keeps the probes per
 * row: as a plain EXISTS, PostgreSQL may hash the whole dispute table instead. Won and
 * warning_closed disputes gave the money back, so they no longer count.
 */
export async function purchaseHistory(userId: string, limit = 50): Promise<PurchaseView[]> {
  const rows = await sql<PurchaseRow>(
    `SELECT p."checkoutSessionId", p."productKey", p."amountCents", p.currency, p.status, p."refundedCents", p."createdAt", p."fulfilledAt",
            p."subtotalCents", p."discountCents", p."taxCents", p."promotionCode", d.open IS NOT NULL AS disputed
     FROM (SELECT * FROM purchase WHERE "userId" = $1 ORDER BY "createdAt" DESC LIMIT $2) p
     LEFT JOIN LATERAL (
       SELECT true AS open FROM dispute WHERE dispute."checkoutSessionId" = p."checkoutSessionId" AND dispute.status NOT IN ('won', 'warning_closed') LIMIT 1
     ) d ON true
     ORDER BY p."createdAt" DESC`,
    [userId, limit],
  );
  return rows.map((row) => ({
    checkoutSessionId: row.checkoutSessionId,
    productKey: row.productKey,
    amountCents: row.amountCents,
    currency: row.currency,
    outcome: purchaseOutcome(row),
    refundedCents: row.refundedCents,
    createdAt: row.createdAt.toISOString(),
    fulfilledAt: row.fulfilledAt?.toISOString() ?? null,
    hasReceipt: paymentHasReceipt(row.status),
    breakdown: adjustedBreakdown(row),
  }));
}

interface LedgerRow {
  id: string;
  delta: number;
  reason: LedgerReason;
  productKey: string | null;
  createdAt: Date;
}

/** One statement: the newest entries (the (userId, createdAt) index), each named through its purchase's unique session id. */
export async function coinLedger(userId: string, limit = 50): Promise<LedgerEntryView[]> {
  const rows = await sql<LedgerRow>(
    `SELECT l.id, l.delta, l.reason, p."productKey", l."createdAt"
     FROM (SELECT * FROM coin_ledger_entry WHERE "userId" = $1 ORDER BY "createdAt" DESC LIMIT $2) l
     LEFT JOIN purchase p ON p."checkoutSessionId" = l."checkoutSessionId"
     ORDER BY l."createdAt" DESC`,
    [userId, limit],
  );
  return rows.map((row) => ({
    id: row.id,
    delta: row.delta,
    reason: row.reason,
    productKey: row.productKey,
    createdAt: row.createdAt.toISOString(),
  }));
}
