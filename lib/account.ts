import { db } from "@/lib/db";
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

export async function accountSummary(userId: string): Promise<AccountSummary | null> {
  const user = await db.user.findUnique({ where: { id: userId }, include: { plan: true } });
  if (!user) return null;
  return {
    email: user.email,
    name: user.name,
    coinBalance: user.coinBalance,
    heldCoins: user.heldCoins,
    plan: user.plan
      ? {
          tier: user.plan.tier,
          status: user.plan.status,
          subscriptionStatus: user.plan.subscriptionStatus,
          currentPeriodEnd: user.plan.currentPeriodEnd?.toISOString() ?? null,
          cancelAtPeriodEnd: user.plan.cancelAtPeriodEnd,
          scheduledTier: user.plan.scheduledTier,
          allowance: {
            used: user.plan.allowanceUsed,
            limit: planByTier(user.plan.tier).monthlyGenerations,
            resetsAt: user.plan.allowanceResetsAt?.toISOString() ?? null,
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
