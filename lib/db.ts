import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { databaseUrl, env } from "@/lib/env";

// One client per process; Next's dev server re-evaluates modules on every change, so the
// instance is parked on globalThis to avoid opening a new pool each time. It is created on first
// use so that importing this module (as `next build` does) needs no database.
const globalForPrisma = globalThis as unknown as { prisma?: PrismaClient };

// The embedded PGlite database is one session that connections take turns on (see
// prisma/pglite-wire-server.ts); the launcher gives it a small pool (DATABASE_POOL_SIZE=5).
function client(): PrismaClient {
  globalForPrisma.prisma ??= new PrismaClient({
    adapter: new PrismaPg({ connectionString: databaseUrl(), max: env().DATABASE_POOL_SIZE }),
  });
  return globalForPrisma.prisma;
}

export const db = new Proxy({} as PrismaClient, {
  get(_target, property) {
    const instance = client();
    const value: unknown = Reflect.get(instance, property, instance);
    return typeof value === "function" ? value.bind(instance) : value;
  },
});

export type Tx = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];
