import { createHash, randomBytes } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import pg from "pg";
import { startEmbeddedPostgres } from "@/prisma/embedded-server";
import { applyMigrations } from "@/prisma/migrate";
import { listMigrations } from "@/prisma/schema-diff";

interface FreshDatabase {
  url: string;
  embedded: boolean;
  drop(): Promise<void>;
}

function databaseUrl(serverUrl: string, name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/**
 * A new database on the PostgreSQL server at serverUrl, named `<prefix>_<random>`: empty, or a copy
 * of `template`.
 */
export async function createPostgresDatabase(serverUrl: string, prefix = "storefront_test", template?: string): Promise<FreshDatabase> {
  const name = `${prefix}_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(template ? `CREATE DATABASE "${name}" TEMPLATE "${template}"` : `CREATE DATABASE "${name}"`);
  await admin.end();
  return {
    url: databaseUrl(serverUrl, name),
    embedded: false,
    async drop() {
      const cleanup = new pg.Client({ connectionString: serverUrl });
      await cleanup.connect();
      await cleanup.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await cleanup.end();
    },
  };
}

// Migrating costs a test file more than copying a migrated database does, and every test file (and
// every mutant's run of one, docs/mutation.md) needs a database of its own. So the first file to
// need one migrates a template, named for the migrations it holds, and every file copies it. The
// template is built under another name and renamed when complete, so no file copies half of one.
const TEMPLATE_LOCK = 72_617_002;

async function databaseExists(admin: pg.Client, name: string): Promise<boolean> {
  return (await admin.query(`SELECT 1 FROM pg_database WHERE datname = $1`, [name])).rowCount === 1;
}

async function migratedTemplate(serverUrl: string): Promise<string> {
  const fingerprint = createHash("sha256");
  for (const migration of await listMigrations()) fingerprint.update(`${migration.name}\0${migration.sql}\0`);
  const name = `storefront_template_${fingerprint.digest("hex").slice(0, 16)}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    if (await databaseExists(admin, name)) return name;
    await admin.query("SELECT pg_advisory_lock($1)", [TEMPLATE_LOCK]);
    if (await databaseExists(admin, name)) return name;
    const building = `${name}_building`;
    await admin.query(`DROP DATABASE IF EXISTS "${building}" WITH (FORCE)`);
    await admin.query(`CREATE DATABASE "${building}"`);
    await applyMigrations(databaseUrl(serverUrl, building));
    // The migrator's connection may take a moment to leave the server; a rename needs it gone.
    for (let attempt = 1; ; attempt += 1) {
      try {
        await admin.query(`ALTER DATABASE "${building}" RENAME TO "${name}"`);
        return name;
      } catch (error) {
        if (attempt >= 50) throw error;
        await sleep(20);
      }
    }
  } finally {
    await admin.end();
  }
}

/**
 * A new, migrated database: on the PostgreSQL server named by TEST_DATABASE_URL when set (a copy
 * of the migrated template), else an in-memory PGlite. Points this process's DATABASE_URL at it.
 */
export async function createFreshDatabase(): Promise<FreshDatabase> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (serverUrl) {
    const database = await createPostgresDatabase(serverUrl, "storefront_test", await migratedTemplate(serverUrl));
    process.env.DATABASE_URL = database.url;
    return database;
  }
  const server = await startEmbeddedPostgres();
  process.env.DATABASE_URL = server.url;
  // As the launcher does: the embedded server serves a few connections by turns (lib/db.ts).
  process.env.DATABASE_POOL_SIZE = "5";
  await applyMigrations(server.url);
  return { url: server.url, embedded: true, drop: () => server.stop() };
}
