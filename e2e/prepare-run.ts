import { rmSync } from "node:fs";
import pg from "pg";

// Every end-to-end run starts from nothing: a fresh data folder (sandbox state, embedded
// database) and, when a PostgreSQL server is given, a freshly created database on it.
const dataDir = process.env.STOREFRONT_DATA_DIR;
if (!dataDir) throw new Error("STOREFRONT_DATA_DIR must be set for end-to-end runs");
rmSync(dataDir, { recursive: true, force: true });

const databaseUrl = process.env.DATABASE_URL;
if (databaseUrl) {
  const target = new URL(databaseUrl);
  const name = target.pathname.slice(1);
  const server = new URL(databaseUrl);
  server.pathname = "/postgres";
  const admin = new pg.Client({ connectionString: server.toString() });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
}
