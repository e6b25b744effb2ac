import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { startEmbeddedPostgres, type EmbeddedPostgres } from "@/prisma/embedded-server";
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

describe("several connections at once", () => {
  let server: EmbeddedPostgres;
  let pool: pg.Pool;

  beforeAll(async () => {
    server = await startEmbeddedPostgres();
    await applyMigrations(server.url);
    pool = new pg.Pool({ connectionString: server.url, max: 5 });
    await pool.query("CREATE TABLE counter (id int PRIMARY KEY, n int NOT NULL); CREATE TABLE note (id serial PRIMARY KEY, owner int NOT NULL, body text NOT NULL)");
  });
  afterAll(async () => {
    await pool.end();
    await server.stop();
  });

  async function open(): Promise<pg.Client> {
    const client = new pg.Client({ connectionString: server.url });
    await client.connect();
    return client;
  }

  it("gives exact sums for concurrent SELECT … FOR UPDATE increments in interactive transactions through a pool of 5", async () => {
    await pool.query("INSERT INTO counter VALUES (1, 0)");
    await Promise.all(
      Array.from({ length: 40 }, async () => {
        const client = await pool.connect();
        try {
          await client.query("BEGIN");
          const { rows } = await client.query<{ n: number }>("SELECT n FROM counter WHERE id = $1 FOR UPDATE", [1]);
          await client.query("UPDATE counter SET n = $1 WHERE id = $2", [(rows[0]?.n ?? 0) + 1, 1]);
          await client.query("COMMIT");
        } finally {
          client.release();
        }
      }),
    );
    expect((await pool.query("SELECT n FROM counter WHERE id = 1")).rows).toEqual([{ n: 40 }]);
  });

  it("gives exact sums for Prisma interactive transactions, createMany and findMany mixed through a pool of 5", async () => {
    const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: server.url, max: 5 }) });
    try {
      await prisma.user.create({ data: { id: "counter", name: "Counter", email: "counter@example.com" } });
      // Large createMany batches arrive in several TCP chunks, which is what let another
      // connection's Parse land inside a batch with @electric-sql/pglite-socket.
      await Promise.all(
        Array.from({ length: 30 }, async (_, i) => {
          if (i % 3 === 0) {
            await prisma.$transaction(
              async (tx) => {
                const [row] = await tx.$queryRaw<{ coinBalance: number }[]>`SELECT "coinBalance" FROM "user" WHERE id = 'counter' FOR UPDATE`;
                await tx.user.update({ where: { id: "counter" }, data: { coinBalance: (row?.coinBalance ?? 0) + 1 } });
              },
              { maxWait: 60_000, timeout: 60_000 },
            );
          } else if (i % 3 === 1) {
            const data = Array.from({ length: 40 }, (_, j) => ({ id: `u${i}-${j}`, name: "n".repeat(2_000), email: `u${i}-${j}@example.com` }));
            expect(await prisma.user.createMany({ data })).toEqual({ count: 40 });
          } else {
            const found = await prisma.user.findMany({ where: { email: { startsWith: `u${i - 1}-` } }, select: { id: true } });
            expect(found.every((user) => user.id.startsWith(`u${i - 1}-`))).toBe(true);
          }
        }),
      );
      expect(await prisma.user.findUnique({ where: { id: "counter" }, select: { coinBalance: true } })).toEqual({ coinBalance: 10 });
      expect(await prisma.user.count({ where: { id: { startsWith: "u" } } })).toBe(400);
    } finally {
      await prisma.$disconnect();
    }
  });

  it("keeps a transaction's uncommitted rows from another connection, which waits until the transaction ends", async () => {
    const writer = await open();
    const reader = await open();
    try {
      await writer.query("BEGIN");
      await writer.query("INSERT INTO note (owner, body) VALUES (1, 'draft')");
      let readerAnswered = false;
      const read = reader.query<{ count: number }>("SELECT count(*)::int AS count FROM note WHERE owner = 1").then((result) => {
        readerAnswered = true;
        return result.rows;
      });
      expect((await writer.query("SELECT count(*)::int AS count FROM note WHERE owner = 1")).rows).toEqual([{ count: 1 }]);
      expect(readerAnswered).toBe(false);
      await writer.query("ROLLBACK");
      expect(await read).toEqual([{ count: 0 }]);
    } finally {
      await Promise.all([writer.end(), reader.end()]);
    }
  });

  it("answers other connections correctly while a transaction stays open across a slow step", async () => {
    const slow = await open();
    try {
      await slow.query("BEGIN");
      await slow.query("INSERT INTO note (owner, body) VALUES (2, 'slow')");
      const others = Array.from({ length: 50 }, (_, i) =>
        pool.query<{ echoed: string; tag: number }>(`SELECT $1::text AS echoed, ${i} AS tag`, [`value ${i} ${"x".repeat(i * 2_000)}`]),
      );
      // The slow transaction goes on after the others' messages have arrived at the server.
      await slow.query("SELECT pg_sleep(0)");
      await slow.query("COMMIT");
      const results = await Promise.all(others);
      results.forEach((result, i) => expect(result.rows).toEqual([{ echoed: `value ${i} ${"x".repeat(i * 2_000)}`, tag: i }]));
      expect((await pool.query("SELECT body FROM note WHERE owner = 2")).rows).toEqual([{ body: "slow" }]);
    } finally {
      await slow.end();
    }
  });

  it("runs concurrent extended-protocol queries with unnamed and same-named prepared statements without errors", async () => {
    const clients = await Promise.all(Array.from({ length: 5 }, open));
    try {
      const answers = await Promise.all(
        clients.map(async (client, c) => {
          const seen: unknown[] = [];
          for (let i = 0; i < 20; i++) {
            // Every connection prepares "lookup" with its own text, as separate servers would allow.
            const lookup = await client.query({ name: "lookup", text: `SELECT ${c} AS who, $1::int AS i`, values: [i] });
            const big = await client.query("SELECT length($1::text) AS big", ["y".repeat(100_000 + c)]);
            seen.push(...lookup.rows, ...big.rows);
          }
          return seen;
        }),
      );
      answers.forEach((seen, c) => expect(seen).toEqual(Array.from({ length: 20 }, (_, i) => [{ who: c, i }, { big: 100_000 + c }]).flat()));
    } finally {
      await Promise.all(clients.map((client) => client.end()));
    }
  });

  it("rolls back the transaction of a connection that goes away, and lets the others go on", async () => {
    const leaving = await open();
    leaving.on("error", () => {});
    await leaving.query("BEGIN");
    await leaving.query("INSERT INTO note (owner, body) VALUES (3, 'abandoned')");
    const waiting = pool.query<{ count: number }>("SELECT count(*)::int AS count FROM note WHERE owner = 3");
    await leaving.end();
    expect((await waiting).rows).toEqual([{ count: 0 }]);
  });
});
