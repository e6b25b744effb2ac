import { afterEach, describe, expect, it } from "vitest";
import { GET as ready } from "@/app/api/health/ready/route";
import { disconnectDatabase, sql } from "@/lib/db";
import { startTcpProxy } from "@/e2e/chaos/tcp-proxy";

process.env.STRIPE_SECRET_KEY = "sk_test_readinessChecks";

async function probe(): Promise<{ status: number; body: { status: string; checks: Record<string, string> } }> {
  const response = await ready(new Request("http://app.test/api/health/ready"), undefined);
  return { status: response.status, body: (await response.json()) as { status: string; checks: Record<string, string> } };
}

describe("GET /api/health/ready", () => {
  const freshDatabase = process.env.DATABASE_URL ?? "";
  afterEach(async () => {
    process.env.STRIPE_SECRET_KEY = "sk_test_readinessChecks";
    if (process.env.DATABASE_URL !== freshDatabase) {
      await disconnectDatabase();
      process.env.DATABASE_URL = freshDatabase;
    }
  });

  it("answers 200 on a migrated database with Stripe configured", async () => {
    expect(await probe()).toEqual({ status: 200, body: { status: "ok", checks: { database: "ok", migrations: "ok", stripe: "ok" } } });
  });

  it("answers 503 naming the check when Stripe is not configured", async () => {
    delete process.env.STRIPE_SECRET_KEY;
    const { status, body } = await probe();
    expect(status).toBe(503);
    expect(body).toEqual({ status: "unavailable", checks: { database: "ok", migrations: "ok", stripe: "failed: STRIPE_SECRET_KEY is not set" } });
  });

  it("answers 503 while the database is cut off, and 200 again once it is back", async () => {
    const database = new URL(freshDatabase);
    const proxy = await startTcpProxy({ host: database.hostname, port: Number(database.port || 5432) });
    try {
      await disconnectDatabase();
      database.host = `127.0.0.1:${proxy.port}`;
      process.env.DATABASE_URL = database.toString();
      expect((await probe()).status).toBe(200);

      proxy.cut();
      const { status, body } = await probe();
      expect(status).toBe(503);
      expect(body.checks).toMatchObject({ database: expect.stringMatching(/^failed: /), migrations: "not checked" });

      proxy.restore();
      expect((await probe()).status).toBe(200);
    } finally {
      await disconnectDatabase();
      await proxy.close();
    }
  });

  it("answers 503 naming the migration this release ships that the database lacks", async () => {
    const [latest] = await sql<{ name: string }>(`SELECT name FROM "_app_migrations" ORDER BY name DESC LIMIT 1`, []);
    await sql(`DELETE FROM "_app_migrations" WHERE name = $1`, [latest?.name]);
    const { status, body } = await probe();
    expect(status).toBe(503);
    expect(body.checks).toEqual({ database: "ok", migrations: `failed: 1 not applied (${latest?.name})`, stripe: "ok" });
  });
});
