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
