import { db, type Tx } from "@/lib/db";
import { ApiError } from "@/lib/http/api-error";
import { TRANSACTION_LIMITS } from "@/lib/payments/fulfilment/transaction";

// An operator's correction of a buyer's coins: one ledger `adjustment` entry and the balance it
// moves, in one transaction with whatever the caller records about it (the console's audit row).
// The entry's sourceId is the form submission, so the ledger's unique (reason, sourceId) makes a
// second copy of one submission (a double-click, a retried request) the same adjustment.

export interface CoinAdjustment {
  userId: string;
  /** Coins to add (positive) or take (negative); never zero. */
  delta: number;
  /** The console form's submission id: one adjustment per submission. */
  submissionId: string;
}

export interface AdjustedCoins {
  /** The balance before and after this adjustment (for a repeat: both are the balance now). */
  before: number;
  after: number;
  /** True when this submission had already been applied: nothing moved now. */
  repeated: boolean;
}

/** The largest balance the column holds (PostgreSQL integer). */
const MAX_BALANCE = 2_147_483_647;

/**
 * Applies the adjustment once, never taking the balance below zero. The buyer's row is locked for
 * the whole transaction, so spends and other adjustments of this buyer take turns with it and the
 * check against the balance holds when the entry is written. `record` runs inside the transaction
 * (and only when coins move): if it throws, nothing is adjusted.
 */
export async function adjustCoins(adjustment: CoinAdjustment, record: (tx: Tx, moved: { before: number; after: number }) => Promise<void>): Promise<AdjustedCoins> {
  const { userId, delta, submissionId } = adjustment;
  return db.$transaction(async (tx) => {
    const [user] = await tx.$queryRaw<{ coinBalance: number }[]>`SELECT "coinBalance" FROM "user" WHERE "id" = ${userId} FOR UPDATE`;
    if (!user) throw new ApiError("not_found", `There is no buyer with id ${userId}.`);
    const earlier = await tx.coinLedgerEntry.findUnique({ where: { reason_sourceId: { reason: "adjustment", sourceId: submissionId } } });
    if (earlier) {
      if (earlier.userId !== userId || earlier.delta !== delta) {
        throw new ApiError("idempotency_key_reused", "This form submission already made another adjustment. Reload the page to make a new one.");
      }
      return { before: user.coinBalance, after: user.coinBalance, repeated: true };
    }
    const after = user.coinBalance + delta;
    if (after < 0) {
      throw new ApiError(
        "insufficient_balance",
        `This buyer has ${user.coinBalance} coins: taking ${-delta} would leave the balance below zero. Take at most ${Math.max(user.coinBalance, 0)}.`,
      );
    }
    if (after > MAX_BALANCE) throw new ApiError("invalid_request", `A balance above ${MAX_BALANCE} coins cannot be stored.`);
    await tx.coinLedgerEntry.create({ data: { userId, delta, reason: "adjustment", sourceId: submissionId } });
    await tx.user.update({ where: { id: userId }, data: { coinBalance: { increment: delta } } });
    await record(tx, { before: user.coinBalance, after });
    return { before: user.coinBalance, after, repeated: false };
  }, TRANSACTION_LIMITS);
}
