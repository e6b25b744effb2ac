import { databasePool, type Tx } from "@/lib/db";

// Fulfilment's hot statements are plain SQL: Prisma's query layer costs twice the CPU of the
// statement itself and, once loaded, holds its query compiler's memory for good (bench/). The
// same SQL runs in our own transaction on the pool or inside a Prisma transaction, so fulfilment
// code that still uses Prisma's models (refunds, disputes, subscriptions) shares it unchanged.

/** A transaction to run statements in. */
export interface SqlTx {
  query<Row extends object = Record<string, unknown>>(text: string, values?: readonly unknown[]): Promise<Row[]>;
}

/** Timestamps are stored as UTC without a zone, as Prisma stores them. */
export const NOW = "timezone('UTC', now())";

/** Prisma's interactive transaction, for fulfilment code that mixes its model calls with this SQL. */
export function prismaSql(tx: Tx): SqlTx {
  return { query: (text, values = []) => tx.$queryRawUnsafe(text, ...values) };
}

/** Runs `work` in a transaction on a connection of the shared pool; any throw rolls it back. */
export async function inSqlTransaction<T>(work: (tx: SqlTx) => Promise<T>): Promise<T> {
  const client = await databasePool().connect();
  let broken: Error | undefined;
  // A connection that dies while checked out emits 'error', which the pool hears only while the
  // connection is idle: unheard, it would end the process. The statement in flight, or the
  // ROLLBACK below, fails with it, and that is where it is handled.
  const heardInStatements = () => undefined;
  client.on("error", heardInStatements);
  try {
    await client.query("BEGIN");
    const result = await work({ query: async (text, values = []) => (await client.query(text, values.map(asParameter))).rows });
    await client.query("COMMIT");
    return result;
  } catch (error) {
    // A connection that cannot even roll back is closed rather than handed to the next caller.
    await client.query("ROLLBACK").catch((rollbackFailure: unknown) => {
      broken = rollbackFailure instanceof Error ? rollbackFailure : new Error(String(rollbackFailure));
    });
    throw error;
  } finally {
    client.off("error", heardInStatements);
    client.release(broken);
  }
}

/** A Date as UTC text: the columns hold UTC without a zone, and pg would send local time. */
function asParameter(value: unknown): unknown {
  return value instanceof Date ? value.toISOString() : value;
}
