import { db, sql } from "@/lib/db";
import { planByTier } from "@/lib/catalog";
import type { PaymentStatus, PlanStatus, PlanTier, SubscriptionStatus } from "@/lib/generated/prisma/enums";

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

export interface PurchaseView {
  checkoutSessionId: string;
  productKey: string;
  amountCents: number;
  currency: string;
  status: PaymentStatus;
  createdAt: string;
  fulfilledAt: string | null;
}

export interface LedgerEntryView {
  id: string;
  delta: number;
  reason: string;
  sourceId: string;
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

export async function purchaseHistory(userId: string, limit = 50): Promise<PurchaseView[]> {
  const rows = await db.purchase.findMany({ where: { userId }, orderBy: { createdAt: "desc" }, take: limit });
  return rows.map((row) => ({
    checkoutSessionId: row.checkoutSessionId,
    productKey: row.productKey,
    amountCents: row.amountCents,
    currency: row.currency,
    status: row.status,
    createdAt: row.createdAt.toISOString(),
    fulfilledAt: row.fulfilledAt?.toISOString() ?? null,
  }));
}

export async function coinLedger(userId: string, limit = 50): Promise<LedgerEntryView[]> {
  const rows = await db.coinLedgerEntry.findMany({ where: { userId }, orderBy: { createdAt: "desc" }, take: limit });
  return rows.map((row) => ({
    id: row.id,
    delta: row.delta,
    reason: row.reason,
    sourceId: row.sourceId,
    createdAt: row.createdAt.toISOString(),
  }));
}
