import { planByTier } from "@/lib/catalog/products";
import { sql } from "@/lib/db";
import type { PlanStatus, PlanTier, SubscriptionStatus } from "@/lib/generated/prisma/enums";
import { OPERATOR_ROLE } from "@/lib/auth/better-auth";

// One buyer as the console shows them at the top of their page: who they are, their plan and
// allowance, their coins. One statement on the user's primary key and the plan's.

export interface BuyerPlan {
  tier: PlanTier;
  status: PlanStatus;
  /** Stripe's subscription status; null for Lifetime. */
  subscriptionStatus: SubscriptionStatus | null;
  /** sub_… for a subscription, cs_… for Lifetime. */
  sourceId: string;
  currentPeriodEnd: string | null;
  cancelAtPeriodEnd: boolean;
  scheduledTier: PlanTier | null;
  /** limit null: unlimited. */
  allowance: { used: number; limit: number | null; resetsAt: string | null };
}

export interface BuyerProfile {
  id: string;
  email: string;
  name: string;
  joinedAt: string;
  isOperator: boolean;
  coinBalance: number;
  heldCoins: number;
  stripeTestCustomerId: string | null;
  stripeLiveCustomerId: string | null;
  plan: BuyerPlan | null;
}

interface ProfileRow {
  id: string;
  email: string;
  name: string;
  createdAt: Date;
  role: string | null;
  coinBalance: number;
  heldCoins: number;
  stripeTestCustomerId: string | null;
  stripeLiveCustomerId: string | null;
  tier: PlanTier | null;
  status: PlanStatus | null;
  subscriptionStatus: SubscriptionStatus | null;
  sourceId: string | null;
  currentPeriodEnd: Date | null;
  cancelAtPeriodEnd: boolean | null;
  scheduledTier: PlanTier | null;
  allowanceUsed: number | null;
  allowanceResetsAt: Date | null;
}

function planOf(row: ProfileRow): BuyerPlan | null {
  if (!row.tier || !row.status || !row.sourceId) return null;
  return {
    tier: row.tier,
    status: row.status,
    subscriptionStatus: row.subscriptionStatus,
    sourceId: row.sourceId,
    currentPeriodEnd: row.currentPeriodEnd?.toISOString() ?? null,
    cancelAtPeriodEnd: row.cancelAtPeriodEnd ?? false,
    scheduledTier: row.scheduledTier,
    allowance: { used: row.allowanceUsed ?? 0, limit: planByTier(row.tier).monthlyGenerations, resetsAt: row.allowanceResetsAt?.toISOString() ?? null },
  };
}

/** The buyer, or null when no user has this id. */
export async function buyerProfile(userId: string): Promise<BuyerProfile | null> {
  const [row] = await sql<ProfileRow>(
    `SELECT u.id, u.email, u.name, u."createdAt", u.role, u."coinBalance", u."heldCoins", u."stripeTestCustomerId", u."stripeLiveCustomerId",
            p.tier, p.status, p."subscriptionStatus", p."sourceId", p."currentPeriodEnd", p."cancelAtPeriodEnd", p."scheduledTier",
            p."allowanceUsed", p."allowanceResetsAt"
     FROM "user" u LEFT JOIN plan p ON p."userId" = u.id
     WHERE u.id = $1`,
    [userId],
  );
  if (!row) return null;
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    joinedAt: row.createdAt.toISOString(),
    // The plugin keeps roles comma-separated.
    isOperator: row.role?.split(",").includes(OPERATOR_ROLE) === true,
    coinBalance: row.coinBalance,
    heldCoins: row.heldCoins,
    stripeTestCustomerId: row.stripeTestCustomerId,
    stripeLiveCustomerId: row.stripeLiveCustomerId,
    plan: planOf(row),
  };
}
