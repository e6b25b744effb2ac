import { randomBytes } from "node:crypto";
import pg from "pg";
import { startEmbeddedPostgres } from "@/prisma/embedded-server";
import { applyMigrations } from "@/prisma/migrate";

interface FreshDatabase {
  url: string;
  embedded: boolean;
  drop(): Promise<void>;
}

/** A new, empty database on the PostgreSQL server at serverUrl, named `<prefix>_<random>`. */
export async function createPostgresDatabase(serverUrl: string, prefix = "storefront_test"): Promise<FreshDatabase> {
  const name = `${prefix}_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    embedded: false,
    async drop() {
      const cleanup = new pg.Client({ connectionString: serverUrl });
      await cleanup.connect();
      await cleanup.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await cleanup.end();
    },
  };
}

/**
 * A new, migrated database: on the PostgreSQL server named by TEST_DATABASE_URL when set, else an
 * in-memory PGlite. Points this process's DATABASE_URL at it.
 */
export async function createFreshDatabase(): Promise<FreshDatabase> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  const database = serverUrl
    ? await createPostgresDatabase(serverUrl)
    : await startEmbeddedPostgres().then((server) => ({ url: server.url, embedded: true, drop: () => server.stop() }));
  process.env.DATABASE_URL = database.url;
  // As the launcher does: the embedded server serves a few connections by turns (lib/db.ts).
  if (database.embedded) process.env.DATABASE_POOL_SIZE = "5";
  await applyMigrations(database.url);
  return database;
}
