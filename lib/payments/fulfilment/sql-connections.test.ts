import { Client } from "pg";
import { expect, it } from "vitest";
import { db, databasePool } from "@/lib/db";
import { inSqlTransaction, prismaSql } from "@/lib/payments/fulfilment/sql";

// Fulfilment's own transactions on the shared pool: a connection that dies mid-transaction fails
// that settlement alone (its 'error' event must not end the process: vitest reports it as an
// unhandled error) and is closed, not handed to the next payment; the same SQL runs inside a
// Prisma transaction.

// One connection, so that the next transaction would get the dead one back if it were kept.
process.env.DATABASE_POOL_SIZE = "1";

it("closes a connection that died during a failed transaction, so the next payment gets a working one", async () => {
  const killer = new Client({ connectionString: process.env.DATABASE_URL });
  await killer.connect();
  try {
    await expect(
      inSqlTransaction(async (tx) => {
        const [own] = await tx.query<{ pid: number }>("SELECT pg_backend_pid() AS pid");
        await killer.query("SELECT pg_terminate_backend($1)", [own?.pid]);
        throw new Error("the settlement failed");
      }),
    ).rejects.toThrow("the settlement failed");
  } finally {
    await killer.end();
  }

  expect(await inSqlTransaction((tx) => tx.query<{ one: number }>("SELECT 1 AS one"))).toEqual([{ one: 1 }]);
  expect(databasePool().totalCount).toBeLessThanOrEqual(1);
});

it("runs a statement without parameters inside a Prisma transaction as it does on the pool", async () => {
  expect(await db.$transaction((tx) => prismaSql(tx).query<{ one: number }>("SELECT 1 AS one"))).toEqual([{ one: 1 }]);
  expect(await inSqlTransaction((tx) => tx.query<{ one: number }>("SELECT 1 AS one"))).toEqual([{ one: 1 }]);
});
