import { describe, expect, it } from "vitest";
import pg from "pg";
import { diffMigrationsToSchema, listMigrations } from "@/prisma/schema-diff";
import { applyMigrations } from "@/prisma/migrate";

describe("migrations", () => {
  it("bring a database exactly to schema.prisma, so the committed SQL and the schema never disagree", async () => {
    expect(await diffMigrationsToSchema()).toBe("");
  });

  it("have been applied to the test database once each, and a second run applies nothing", async () => {
    const url = process.env.DATABASE_URL ?? "";
    expect(await applyMigrations(url)).toEqual([]);
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const { rows } = await client.query<{ name: string }>(`SELECT name FROM "_app_migrations" ORDER BY name`);
    await client.end();
    expect(rows.map((r) => r.name)).toEqual((await listMigrations()).map((m) => m.name));
  });
});

describe("the migration that names each ledger entry's purchase", () => {
  const target = "20261124180734_purchase_outcomes_and_ledger_products";

  it("backfills purchase and dispute entries from what the database knows, and leaves refunds, generations and unknown sessions unnamed", async () => {
    const migrations = await listMigrations();
    const index = migrations.findIndex((m) => m.name === target);
    expect(index).toBeGreaterThan(0);
    const client = new pg.Client({ connectionString: process.env.DATABASE_URL ?? "" });
    await client.connect();
    // The migrations before it build a schema of their own, committed (PostgreSQL lets no
    // transaction use an enum value it added); the rest runs in a transaction that is rolled back,
    // and the schema is dropped. The test database's own tables are never touched.
    try {
      await client.query("BEGIN");
      await client.query(`CREATE SCHEMA backfill_check; SET LOCAL search_path TO backfill_check`);
      for (const migration of migrations.slice(0, index)) await client.query(migration.sql);
      await client.query("COMMIT");
      await client.query(`BEGIN; SET LOCAL search_path TO backfill_check`);
      await client.query(`
        INSERT INTO "user" (id, name, email, "updatedAt") VALUES ('u1', 'Ada', 'ada@example.com', now()), ('u2', 'Bo', 'bo@example.com', now());
        INSERT INTO purchase (id, "checkoutSessionId", "userId", "productKey", mode, "amountCents", currency, status, "expiresAt", "updatedAt")
        VALUES ('p1', 'cs_1', 'u1', 'medium_pack', 'payment', 500, 'usd', 'paid', now(), now());
        INSERT INTO dispute (id, "userId", "checkoutSessionId", "coinsHeld", status) VALUES ('dp_1', 'u1', 'cs_1', 550, 'won');
        INSERT INTO coin_ledger_entry (id, "userId", delta, reason, "sourceId") VALUES
          ('l_purchase', 'u1', 550, 'purchase', 'cs_1'),
          ('l_hold', 'u1', -550, 'dispute_hold', 'dp_1'),
          ('l_release', 'u1', 550, 'dispute_release', 'dp_1'),
          ('l_refund', 'u1', -275, 'refund', 're_1'),
          ('l_generation', 'u1', -10, 'generation', 'spend_1'),
          ('l_unknown', 'u2', 550, 'purchase', 'cs_gone')`);

      await client.query(migrations[index]?.sql ?? "");

      const { rows } = await client.query<{ id: string; checkoutSessionId: string | null }>(
        `SELECT id, "checkoutSessionId" FROM coin_ledger_entry ORDER BY id`,
      );
      expect(Object.fromEntries(rows.map((r) => [r.id, r.checkoutSessionId]))).toEqual({
        l_generation: null,
        l_hold: "cs_1",
        l_purchase: "cs_1",
        l_refund: null,
        l_release: "cs_1",
        l_unknown: null,
      });
      const { rows: purchases } = await client.query<{ refundedCents: number }>(`SELECT "refundedCents" FROM purchase`);
      expect(purchases).toEqual([{ refundedCents: 0 }]);
    } finally {
      await client.query("ROLLBACK");
      await client.query("DROP SCHEMA IF EXISTS backfill_check CASCADE");
      await client.end();
    }
  });
});
