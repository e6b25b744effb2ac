import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll } from "vitest";
import { startEmbeddedPostgres } from "@/prisma/embedded-server";
import { applyMigrations } from "@/prisma/migrate";

// Every test file gets a database of its own, migrated from the committed SQL: an in-memory
// PGlite by default, or a new database on the PostgreSQL server named by TEST_DATABASE_URL.

async function createPostgresDatabase(serverUrl: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `storefront_test_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const cleanup = new pg.Client({ connectionString: serverUrl });
      await cleanup.connect();
      await cleanup.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await cleanup.end();
    },
  };
}

const serverUrl = process.env.TEST_DATABASE_URL;
const database = serverUrl
  ? await createPostgresDatabase(serverUrl)
  : await startEmbeddedPostgres().then((server) => ({ url: server.url, drop: () => server.stop() }));

process.env.DATABASE_URL = database.url;
if (!serverUrl) process.env.DATABASE_POOL_SIZE = "1";
await applyMigrations(database.url);

afterAll(async () => {
  const { db } = await import("@/lib/db");
  await db.$disconnect();
  await database.drop();
});
