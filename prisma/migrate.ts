import pg from "pg";
import { listMigrations } from "@/prisma/schema-diff";

// A plain migrator rather than `prisma migrate deploy`: Prisma's engine cannot be downloaded
// offline, and running each migration inside one transaction means a failing one is rolled back
// whole instead of being left half-applied.
const LOCK_KEY = 72_617_001;

export async function applyMigrations(connectionString: string): Promise<string[]> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    await client.query("SELECT pg_advisory_lock($1)", [LOCK_KEY]);
    await client.query(
      `CREATE TABLE IF NOT EXISTS "_app_migrations" (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`,
    );
    const { rows } = await client.query<{ name: string }>(`SELECT name FROM "_app_migrations"`);
    const applied = new Set(rows.map((r) => r.name));
    const newlyApplied: string[] = [];
    for (const migration of await listMigrations()) {
      if (applied.has(migration.name)) continue;
      await client.query("BEGIN");
      try {
        await client.query(migration.sql);
        await client.query(`INSERT INTO "_app_migrations"(name) VALUES ($1)`, [migration.name]);
        await client.query("COMMIT");
      } catch (error) {
        await client.query("ROLLBACK");
        throw new Error(`migration ${migration.name} failed and was rolled back`, { cause: error });
      }
      newlyApplied.push(migration.name);
    }
    return newlyApplied;
  } finally {
    await client.query("SELECT pg_advisory_unlock($1)", [LOCK_KEY]).catch(() => {});
    await client.end();
  }
}
