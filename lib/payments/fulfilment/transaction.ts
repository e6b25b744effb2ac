import { db, type Tx } from "@/lib/db";

// lib/payments/fulfilment/ is the only module that moves money state: coins and plans. The
// webhook, the status route and reconciliation all come here (through lib/payments/settle.ts)
// with a snapshot just read from Stripe; nothing here calls Stripe, so no transaction waits on the
// network. Exactly-once comes from the database, not from memory: the event id is recorded in the
// same transaction as its effect, the purchase row is locked for the whole transaction, goods are
// delivered only while `fulfilledAt` is null, and the ledger's unique (reason, sourceId) stops a
// second credit even if that guard were ever bypassed. Snapshots older than what is stored are
// refused (lib/payments/freshness.ts).

export interface StripeEventRef {
  id: string;
  type: string;
  created: number;
  objectId: string | null;
}

export const TRANSACTION_LIMITS = { timeout: 15_000, maxWait: 15_000 };

/** Thrown inside a transaction to roll it back, event record included, and ask for a fresh read. */
export class StaleSnapshot extends Error {}

/**
 * The one way money state changes: in a transaction that first records the event id (a
 * redelivery finds it and does nothing) and rolls back whole on a stale snapshot.
 */
export async function inEventTransaction<T>(event: StripeEventRef | undefined, work: (tx: Tx) => Promise<T>): Promise<T | "duplicate" | "stale"> {
  try {
    return await db.$transaction(async (tx) => {
      if (event && !(await recordEvent(tx, event))) return "duplicate" as const;
      return work(tx);
    }, TRANSACTION_LIMITS);
  } catch (error) {
    if (error instanceof StaleSnapshot) return "stale";
    throw error;
  }
}

/** Records the event id; false when it was recorded before (a redelivery). */
async function recordEvent(tx: Tx, event: StripeEventRef): Promise<boolean> {
  const { count } = await tx.stripeEvent.createMany({
    data: [{ id: event.id, type: event.type, objectId: event.objectId, createdAt: new Date(event.created * 1000) }],
    skipDuplicates: true,
  });
  return count === 1;
}
