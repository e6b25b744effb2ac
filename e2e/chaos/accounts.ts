import type pg from "pg";

// What buyers would see on their account, read straight from the database: the coin balance,
// the ledger behind it, and the plan.

interface LedgerEntry {
  delta: number;
  reason: string;
  sourceId: string;
}

export interface Account {
  coinBalance: number;
  ledger: LedgerEntry[];
  activePlan: string | null;
  /** Payment status of each of the buyer's checkouts, by session id. */
  purchaseStatuses: Map<string, string>;
}

export async function readAccounts(pool: pg.Pool, userIds: string[]): Promise<Map<string, Account>> {
  const accounts = new Map<string, Account>();
  const users = await pool.query<{ id: string; coinBalance: number }>(`SELECT id, "coinBalance" FROM "user" WHERE id = ANY($1)`, [userIds]);
  for (const user of users.rows) accounts.set(user.id, { coinBalance: user.coinBalance, ledger: [], activePlan: null, purchaseStatuses: new Map() });
  const entries = await pool.query<LedgerEntry & { userId: string }>(
    `SELECT "userId", delta, reason::text AS reason, "sourceId" FROM coin_ledger_entry WHERE "userId" = ANY($1)`,
    [userIds],
  );
  for (const entry of entries.rows) accounts.get(entry.userId)?.ledger.push(entry);
  const plans = await pool.query<{ userId: string; tier: string }>(
    `SELECT "userId", tier::text AS tier FROM plan WHERE "userId" = ANY($1) AND status = 'active'`,
    [userIds],
  );
  for (const plan of plans.rows) {
    const account = accounts.get(plan.userId);
    if (account) account.activePlan = plan.tier;
  }
  const purchases = await pool.query<{ userId: string; checkoutSessionId: string; status: string }>(
    `SELECT "userId", "checkoutSessionId", status::text AS status FROM purchase WHERE "userId" = ANY($1)`,
    [userIds],
  );
  for (const purchase of purchases.rows) accounts.get(purchase.userId)?.purchaseStatuses.set(purchase.checkoutSessionId, purchase.status);
  return accounts;
}
