import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, expect, it } from "vitest";
import { startEmbeddedPostgres } from "@/prisma/embedded-server";
import { applyMigrations } from "@/prisma/migrate";

const dataDir = mkdtempSync(path.join(tmpdir(), "storefront-pglite-"));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

async function query<T extends pg.QueryResultRow>(url: string, sql: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql, values)).rows;
  } finally {
    await client.end();
  }
}

it("keeps the embedded database's data in its folder across restarts, with migrations applied once", async () => {
  const first = await startEmbeddedPostgres({ dataDir });
  expect(await applyMigrations(first.url)).not.toEqual([]);
  await query(first.url, `INSERT INTO "user"(id, name, email, "updatedAt") VALUES ('u1', 'Ada', 'ada@example.com', now())`);
  await first.stop();

  const second = await startEmbeddedPostgres({ dataDir });
  try {
    expect(await applyMigrations(second.url)).toEqual([]);
    expect(await query<{ email: string }>(second.url, `SELECT email FROM "user"`)).toEqual([{ email: "ada@example.com" }]);
  } finally {
    await second.stop();
  }
});

it("refuses to open a folder another live process has open, and takes over a lock left by a dead one", async () => {
  const server = await startEmbeddedPostgres({ dataDir });
  try {
    await expect(startEmbeddedPostgres({ dataDir })).rejects.toThrow(/already open in process/);
  } finally {
    await server.stop();
  }

  writeFileSync(path.join(dataDir, "storefront.lock"), "999999");
  const afterCrash = await startEmbeddedPostgres({ dataDir });
  await afterCrash.stop();
});
