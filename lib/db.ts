import { PrismaPg } from "@prisma/adapter-pg";
import { Pool, types, type QueryResultRow } from "pg";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { databaseUrl, env } from "@/lib/config/env";
import { logger } from "@/lib/observability/logger";

// One pool and one client per process; Next's dev server re-evaluates modules on every change, so
// both are parked on globalThis to avoid opening a new pool each time. They are created on first
// use so that importing this module (as `next build` does) needs no database.
const globalForDb = globalThis as unknown as { pool?: Pool; prisma?: PrismaClient };

// The embedded PGlite database is one session that connections take turns on (see
// prisma/pglite-wire-server.ts); the launcher gives it a small pool (DATABASE_POOL_SIZE=5).
const TIMESTAMP_OID = 1114;
const parseUtcTimestamp = (text: string): Date => new Date(`${text.replace(" ", "T")}Z`);

export function databasePool(): Pool {
  if (!globalForDb.pool) {
    globalForDb.pool = new Pool({
      connectionString: databaseUrl(),
      max: env().DATABASE_POOL_SIZE,
      allowExitOnIdle: true,
      // As long as a Prisma transaction waits for a connection (TRANSACTION_LIMITS.maxWait).
      connectionTimeoutMillis: 15_000,
      // Our own statements read timestamps as Prisma does: UTC, whatever the server's zone.
      types: { getTypeParser: (oid: number, format?: "text" | "binary") => (oid === TIMESTAMP_OID ? parseUtcTimestamp : types.getTypeParser(oid, format)) },
    });
    // An idle connection the server dropped is replaced on next use; it must not crash the process.
    globalForDb.pool.on("error", (error) => logger().error({ err: error }, "database: an idle connection failed"));
  }
  return globalForDb.pool;
}

/** The pool's connections by state for the metrics scrape, without opening a pool; null before first use. */
export function poolCounters(): { inUse: number; idle: number; waiting: number } | null {
  const pool = globalForDb.pool;
  return pool ? { inUse: pool.totalCount - pool.idleCount, idle: pool.idleCount, waiting: pool.waitingCount } : null;
}

function client(): PrismaClient {
  globalForDb.prisma ??= new PrismaClient({ adapter: new PrismaPg(databasePool()) });
  return globalForDb.prisma;
}

export const db = new Proxy({} as PrismaClient, {
  get(_target, property) {
    const instance = client();
    const value: unknown = Reflect.get(instance, property, instance);
    return typeof value === "function" ? value.bind(instance) : value;
  },
});

export type Tx = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];

/**
 * One statement on the shared pool, outside Prisma's query layer. Kept for the few statements
 * every webhook and status poll runs, where Prisma costs twice the CPU of the statement itself
 * (measured in bench/): everything else goes through `db`.
 */
export async function sql<Row extends QueryResultRow>(text: string, values: unknown[]): Promise<Row[]> {
  return (await databasePool().query<Row>(text, values)).rows;
}

/** Closes every connection, for scripts and test files that end before the process does. */
export async function disconnectDatabase(): Promise<void> {
  await globalForDb.prisma?.$disconnect();
  await globalForDb.pool?.end();
  globalForDb.prisma = undefined;
  globalForDb.pool = undefined;
}
