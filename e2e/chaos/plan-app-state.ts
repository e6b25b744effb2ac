import type pg from "pg";

// The storefront's own record of each buyer, read straight from its database: the plan row, the
// coins and their ledger, the credits owed for replaced subscriptions.

export interface PlanRow {
  tier: string;
  status: string;
  subscriptionStatus: string | null;
  sourceId: string;
  currentPeriodEnd: Date | null;
  cancelAtPeriodEnd: boolean;
  allowanceUsed: number;
  allowanceResetsAt: Date | null;
  allowanceInvoiceId: string | null;
  scheduledTier: string | null;
  supersededSubscriptionId: string | null;
}

export interface CreditRow {
  subscriptionId: string;
  periodStart: Date;
  amountCents: number;
  refundedCents: number;
  status: string;
  failure: string | null;
}

export interface AppView {
  stripeCustomerId: string | null;
  coinBalance: number;
  heldCoins: number;
  plan: PlanRow | null;
  ledger: { delta: number; reason: string; sourceId: string }[];
  credits: CreditRow[];
}

export async function readAppViews(pool: pg.Pool, userIds: string[]): Promise<Map<string, AppView>> {
  const views = new Map<string, AppView>();
  const users = await pool.query<{ id: string; stripeCustomerId: string | null; coinBalance: number; heldCoins: number }>(
    `SELECT id, "stripeTestCustomerId" AS "stripeCustomerId", "coinBalance", "heldCoins" FROM "user" WHERE id = ANY($1)`,
    [userIds],
  );
  for (const user of users.rows) {
    views.set(user.id, { stripeCustomerId: user.stripeCustomerId, coinBalance: user.coinBalance, heldCoins: user.heldCoins, plan: null, ledger: [], credits: [] });
  }
  const plans = await pool.query<PlanRow & { userId: string }>(
    `SELECT "userId", tier::text AS tier, status::text AS status, "subscriptionStatus"::text AS "subscriptionStatus", "sourceId",
            "currentPeriodEnd", "cancelAtPeriodEnd", "allowanceUsed", "allowanceResetsAt", "allowanceInvoiceId",
            "scheduledTier"::text AS "scheduledTier", "supersededSubscriptionId"
     FROM plan WHERE "userId" = ANY($1)`,
    [userIds],
  );
  for (const { userId, ...plan } of plans.rows) {
    const view = views.get(userId);
    if (view) view.plan = plan;
  }
  const ledger = await pool.query<{ userId: string; delta: number; reason: string; sourceId: string }>(
    `SELECT "userId", delta, reason::text AS reason, "sourceId" FROM coin_ledger_entry WHERE "userId" = ANY($1)`,
    [userIds],
  );
  for (const { userId, ...entry } of ledger.rows) views.get(userId)?.ledger.push(entry);
  const credits = await pool.query<CreditRow & { userId: string }>(
    `SELECT "userId", "subscriptionId", "periodStart", "amountCents", "refundedCents", status::text AS status, failure
     FROM replaced_subscription_credit WHERE "userId" = ANY($1)`,
    [userIds],
  );
  for (const { userId, ...credit } of credits.rows) views.get(userId)?.credits.push(credit);
  return views;
}

/** The plan a buyer sees in force on their account page, if any. */
export function planInForce(view: AppView | undefined): PlanRow | null {
  return view?.plan?.status === "active" ? view.plan : null;
}
