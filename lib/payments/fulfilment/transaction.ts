import { AsyncLocalStorage } from "node:async_hooks";
import { db, type Tx } from "@/lib/db";
import type { EventClaim } from "@/lib/payments/webhook/event-claims";
import { inSqlTransaction, NOW, prismaSql, type SqlTx } from "@/lib/payments/fulfilment/sql";

// lib/payments/fulfilment/ is the only module that moves money state: coins and plans. The
// webhook, the status route and reconciliation all come here (through lib/payments/apply-stripe-state.ts)
// with a snapshot just read from Stripe; nothing here calls Stripe, so no transaction waits on the
// network. Exactly-once comes from the database, not from memory: the event id is stamped in the
// same transaction as its effect, the purchase row is locked for the whole transaction, goods are
// delivered only while `fulfilledAt` is null, and the ledger's unique (reason, sourceId) stops a
// second credit even if that guard were ever bypassed. Snapshots older than what is stored are
// refused (lib/payments/freshness.ts).

export interface StripeEventRef {
  id: string;
  type: string;
  created: number;
  objectId: string | null;
  /** Held by the webhook delivery that is processing the event (lib/payments/webhook/event-claims.ts). */
  claim?: EventClaim;
}

export const TRANSACTION_LIMITS = { timeout: 15_000, maxWait: 15_000 };

/** Thrown inside a transaction to roll it back, event stamp included, and ask for a fresh read. */
export class StaleSnapshot extends Error {}

type EventResult<T> = T | "duplicate" | "stale";

// What a transaction's work wants done once it has committed, and never if it rolled back: the
// counters an operator reads (lib/observability/metrics.ts) move exactly as often as money did.
const committedEffects = new AsyncLocalStorage<(() => void)[]>();

/** Runs `effect` after the fulfilment transaction in progress commits. */
export function afterCommit(effect: () => void): void {
  const effects = committedEffects.getStore();
  if (!effects) throw new Error("afterCommit is for work inside inEventTransaction or inEventSqlTransaction");
  effects.push(effect);
}

/**
 * The one way money state changes: in a transaction that first stamps the event (a redelivery
 * finds it stamped and does nothing) and rolls back whole on a stale snapshot. This one runs on
 * Prisma, for work that uses its models.
 */
export function inEventTransaction<T>(event: StripeEventRef | undefined, work: (tx: Tx) => Promise<T>): Promise<EventResult<T>> {
  return stampedOnce(event, () =>
    db.$transaction(async (tx) => {
      if (event && !(await stampEvent(prismaSql(tx), event))) return "duplicate" as const;
      return work(tx);
    }, TRANSACTION_LIMITS),
  );
}

/** The same, for work written in SQL (the checkout settlement every payment goes through). */
export function inEventSqlTransaction<T>(event: StripeEventRef | undefined, work: (tx: SqlTx) => Promise<T>): Promise<EventResult<T>> {
  return stampedOnce(event, () =>
    inSqlTransaction(async (tx) => {
      if (event && !(await stampEvent(tx, event))) return "duplicate" as const;
      return work(tx);
    }),
  );
}

async function stampedOnce<T>(event: StripeEventRef | undefined, transaction: () => Promise<T | "duplicate">): Promise<EventResult<T>> {
  try {
    const effects: (() => void)[] = [];
    const result = await committedEffects.run(effects, transaction);
    if (result === "duplicate") return result;
    if (event?.claim) event.claim.stamped = true;
    for (const effect of effects) effect();
    return result;
  } catch (error) {
    if (error instanceof StaleSnapshot) return "stale";
    throw error;
  }
}

/**
 * Stamps the event processed; false when it was stamped before (a redelivery) or its claim was
 * taken over by another delivery, which then owns the effect. Without a claim (reconciliation,
 * the status route) only an event never seen before is stamped.
 */
async function stampEvent(tx: SqlTx, event: StripeEventRef): Promise<boolean> {
  const stamped = await tx.query(
    `INSERT INTO stripe_event (id, type, "objectId", "createdAt", "processedAt", outcome)
     VALUES ($1, $2, $3, timezone('UTC', to_timestamp($4)), ${NOW}, 'processed')
     ON CONFLICT (id) DO UPDATE
       SET "objectId" = excluded."objectId", "processedAt" = excluded."processedAt", outcome = excluded.outcome, "claimToken" = NULL, "leaseUntil" = NULL
       WHERE stripe_event."processedAt" IS NULL AND stripe_event."claimToken" = $5::text
     RETURNING id`,
    [event.id, event.type, event.objectId, event.created, event.claim?.token ?? null],
  );
  return stamped.length === 1;
}
