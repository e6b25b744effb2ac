import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";

// Every query on a money path or a page, EXPLAINed on a database the size of a busy year (3,000
// buyers, 60,000 purchases, events, ledger entries and spends): none may read a whole table. The SQL
// below is what the Prisma calls named beside it ask for.

interface PlanNode {
  "Node Type": string;
  "Relation Name"?: string;
  Plans?: PlanNode[];
}

function tablesScannedWhole(node: PlanNode): string[] {
  const own = node["Node Type"] === "Seq Scan" && node["Relation Name"] ? [node["Relation Name"]] : [];
  return [...own, ...(node.Plans ?? []).flatMap(tablesScannedWhole)];
}

async function wholeTableScans(sql: string): Promise<string[]> {
  const rows = await db.$queryRawUnsafe<{ "QUERY PLAN": [{ Plan: PlanNode }] | string }[]>(`EXPLAIN (FORMAT JSON) ${sql}`);
  const raw = rows[0]?.["QUERY PLAN"];
  const plan = typeof raw === "string" ? (JSON.parse(raw) as [{ Plan: PlanNode }]) : raw;
  if (!plan) throw new Error(`no plan for ${sql}`);
  return tablesScannedWhole(plan[0].Plan);
}

beforeAll(async () => {
  await db.$executeRawUnsafe(`
    INSERT INTO "user" (id, name, email, "updatedAt")
    SELECT 'user_' || g, 'Buyer ' || g, 'buyer' || g || '@example.com', now() FROM generate_series(1, 3000) g`);
  await db.$executeRawUnsafe(`
    INSERT INTO purchase (id, "checkoutSessionId", "userId", "productKey", mode, "amountCents", currency, status, "expiresAt", "paymentIntentId", "fulfilledAt", "createdAt", "updatedAt")
    SELECT 'p_' || g, 'cs_test_' || g, 'user_' || (g % 3000 + 1), 'medium_pack', 'payment', 1000, 'usd',
           CASE WHEN g % 50 = 0 THEN 'unpaid'::"PaymentStatus" ELSE 'paid'::"PaymentStatus" END,
           now() - (g || ' minutes')::interval, 'pi_' || g,
           CASE WHEN g % 50 = 0 THEN NULL ELSE now() END,
           now() - (g || ' minutes')::interval, now()
    FROM generate_series(1, 60000) g`);
  await db.$executeRawUnsafe(`
    INSERT INTO coin_ledger_entry (id, "userId", delta, reason, "sourceId", "checkoutSessionId", "createdAt")
    SELECT 'l_' || g, 'user_' || (g % 3000 + 1), 500, 'purchase', 'cs_test_' || g, 'cs_test_' || g, now() - (g || ' minutes')::interval FROM generate_series(1, 60000) g`);
  await db.$executeRawUnsafe(`
    INSERT INTO dispute (id, "userId", "checkoutSessionId", status)
    SELECT 'dp_' || g, 'user_' || (g % 3000 + 1), 'cs_test_' || g, CASE WHEN g % 300 = 0 THEN 'won' ELSE 'needs_response' END
    FROM generate_series(100, 60000, 100) g`);
  await db.$executeRawUnsafe(`
    INSERT INTO stripe_event (id, type, "objectId", "createdAt")
    SELECT 'evt_' || g, 'checkout.session.completed', 'cs_test_' || g, now() FROM generate_series(1, 60000) g`);
  await db.$executeRawUnsafe(`
    INSERT INTO plan ("userId", tier, status, "sourceId", "updatedAt")
    SELECT 'user_' || g, 'starter', 'active', 'sub_' || g, now() FROM generate_series(1, 3000) g`);
  await db.$executeRawUnsafe(`
    INSERT INTO session (id, "expiresAt", token, "updatedAt", "userId")
    SELECT 'session_' || g, now() + interval '7 days', 'token_' || g, now(), 'user_' || g FROM generate_series(1, 3000) g`);
  await db.$executeRawUnsafe(`
    INSERT INTO usage_spend (id, "userId", "idempotencyKey", feature, source)
    SELECT 'spend_' || g, 'user_' || (g % 3000 + 1), 'key_' || g, 'generation', 'allowance' FROM generate_series(1, 60000) g`);
  await db.$executeRawUnsafe(`ANALYZE`);
}, 120_000);

describe("the queries on money paths and pages, on a year's worth of rows", () => {
  const queries: [string, string][] = [
    ["an event's claim check (every webhook)", `SELECT "processedAt" IS NOT NULL AS done FROM stripe_event WHERE id = 'evt_123'`],
    [
      "the take-over of a claim whose holder died",
      `UPDATE stripe_event SET "claimToken" = 't' WHERE id = 'evt_123' AND "processedAt" IS NULL AND coalesce("leaseUntil" < now(), true) RETURNING id`,
    ],
    [
      "a settled status poll's session check and purchase, in one statement",
      `SELECT p.status FROM session s LEFT JOIN purchase p ON p."checkoutSessionId" = 'cs_test_123' AND p."userId" = s."userId" WHERE s.token = 'token_7' AND s."expiresAt" > now()`,
    ],
    [
      "the API rate limit's counter (every API request)",
      `INSERT INTO rate_limit_counter VALUES ('api:127.0.0.1', 1, 0) ON CONFLICT (key) DO UPDATE SET points = rate_limit_counter.points + 1 RETURNING points, expire`,
    ],
    ["a purchase by its Checkout Session (status route, webhook)", `SELECT * FROM purchase WHERE "checkoutSessionId" = 'cs_test_123'`],
    ["a purchase by its PaymentIntent (payment and dispute events)", `SELECT "checkoutSessionId" FROM purchase WHERE "paymentIntentId" = 'pi_123' LIMIT 1`],
    ["a plan by its subscription (every subscription event)", `SELECT "userId" FROM plan WHERE "sourceId" = 'sub_123' LIMIT 1`],
    [
      "the account page's purchase history, with whether each purchase is disputed (lib/account/account-views.ts)",
      `SELECT p."checkoutSessionId", p.status, p."refundedCents", d.open IS NOT NULL AS disputed
       FROM (SELECT * FROM purchase WHERE "userId" = 'user_7' ORDER BY "createdAt" DESC LIMIT 50) p
       LEFT JOIN LATERAL (
         SELECT true AS open FROM dispute WHERE dispute."checkoutSessionId" = p."checkoutSessionId" AND dispute.status NOT IN ('won', 'warning_closed') LIMIT 1
       ) d ON true
       ORDER BY p."createdAt" DESC`,
    ],
    [
      "the account page's coin history, with the product each entry concerns (lib/account/account-views.ts)",
      `SELECT l.id, l.delta, l.reason, p."productKey", l."createdAt"
       FROM (SELECT * FROM coin_ledger_entry WHERE "userId" = 'user_7' ORDER BY "createdAt" DESC LIMIT 50) l
       LEFT JOIN purchase p ON p."checkoutSessionId" = l."checkoutSessionId"
       ORDER BY l."createdAt" DESC`,
    ],
    ["a receipt's ownership check (lib/account/receipts.ts)", `SELECT status FROM purchase WHERE "checkoutSessionId" = 'cs_test_123' AND "userId" = 'user_124'`],
    [
      "a checkout start's look for a plan payment still settling",
      `SELECT * FROM purchase WHERE "userId" = 'user_7' AND "productKey" IN ('starter', 'advanced') AND status = 'processing' AND "fulfilledAt" IS NULL LIMIT 1`,
    ],
    [
      "reconciliation's unsettled checkouts",
      `SELECT "checkoutSessionId", "userId", status FROM purchase WHERE "fulfilledAt" IS NULL AND ((status IN ('unpaid', 'failed', 'canceled') AND "expiresAt" > now() - interval '1 day') OR (status = 'processing' AND "expiresAt" > now() - interval '14 days')) ORDER BY "expiresAt"`,
    ],
    ["reconciliation's replaced subscriptions", `SELECT "userId", "supersededSubscriptionId" FROM plan WHERE "supersededSubscriptionId" IS NOT NULL`],
    ["the session behind a cookie (every signed-in request)", `SELECT * FROM session WHERE token = 'token_7'`],
    ["a spend's idempotency key", `SELECT * FROM usage_spend WHERE "userId" = 'user_7' AND "idempotencyKey" = 'k'`],
  ];

  for (const [name, sql] of queries) {
    it(`reads ${name} through an index`, async () => {
      expect(await wholeTableScans(sql)).toEqual([]);
    });
  }
});
