import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { db, sql } from "@/lib/db";
import { openAlerts, raiseAlerts } from "@/lib/observability/alerts/raise-alerts";
import { logger } from "@/lib/observability/logger";
import { recordedReconcile } from "@/lib/payments/reconcile-runs";
import { startTestStripe, type TestStripe } from "@/test-support/test-stripe";

// A store without Prometheus hears about trouble from its reconcile cron: each alert posted to
// ALERT_WEBHOOK_URL (a local receiver here, as Slack would be) once, again at most hourly while it
// stays open, and shown as open in the console until it clears.

interface Received {
  text: string;
  condition: string;
}

let receiver: http.Server;
let received: Received[] = [];
let answerWith = 200;
let sandbox: TestStripe;

beforeAll(async () => {
  sandbox = await startTestStripe({ deliverWebhooks: false });
  receiver = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      if (answerWith === 200) received.push(JSON.parse(Buffer.concat(chunks).toString("utf8")) as Received);
      response.writeHead(answerWith).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  process.env.ALERT_WEBHOOK_URL = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks/alerts`;
});
afterAll(async () => {
  delete process.env.ALERT_WEBHOOK_URL;
  await new Promise<void>((resolve) => receiver.close(() => resolve()));
  await sandbox.close();
});
beforeEach(async () => {
  received = [];
  answerWith = 200;
  for (const table of ["store_alert", "stripe_event", "purchase", "reconcile_run"]) await sql(`DELETE FROM ${table}`, []);
  await sql(`INSERT INTO "user" (id, name, email, "updatedAt") VALUES ('alerts_buyer', 'Buyer', 'alerts-buyer@example.com', now()) ON CONFLICT DO NOTHING`, []);
});
afterEach(() => {
  answerWith = 200;
  vi.restoreAllMocks();
});

async function purchases(count: number, status: string, ago: string): Promise<void> {
  await sql(
    `INSERT INTO purchase (id, "checkoutSessionId", "userId", "productKey", mode, "amountCents", currency, status, "expiresAt", "createdAt", "updatedAt")
     SELECT gen_random_uuid()::text, 'cs_test_alerts_' || gen_random_uuid(), 'alerts_buyer', 'small_pack', 'payment', 100, 'usd', $2::"PaymentStatus",
            timezone('UTC', now()) + interval '1 day', timezone('UTC', now()) - $3::interval, timezone('UTC', now())
     FROM generate_series(1, $1::int)`,
    [count, status, ago],
  );
}

async function events(count: number, failed: boolean, ago = "1 minute"): Promise<void> {
  await sql(
    `INSERT INTO stripe_event (id, type, "createdAt", "firstSeenAt", "processedAt", outcome, attempts, "lastError")
     SELECT 'evt_alerts_' || gen_random_uuid(), 'checkout.session.completed', timezone('UTC', now()), timezone('UTC', now()) - $3::interval,
            CASE WHEN $2 THEN NULL ELSE timezone('UTC', now()) END, CASE WHEN $2 THEN NULL ELSE 'processed' END, 1,
            CASE WHEN $2 THEN 'StripeConnectionError: Stripe could not be reached' END
     FROM generate_series(1, $1::int)`,
    [count, failed, ago],
  );
}

describe("alerts for a store without Prometheus", () => {
  it("posts an alert once when checkouts start and no webhook arrives, shows it open, and does not post it again within the hour", async () => {
    await purchases(5, "unpaid", "10 minutes");

    expect(await raiseAlerts()).toMatchObject({ open: ["webhooks_silent"], notified: ["webhooks_silent"] });
    expect(await raiseAlerts()).toMatchObject({ open: ["webhooks_silent"], notified: [] });

    expect(received).toEqual([expect.objectContaining({ condition: "webhooks_silent", text: expect.stringMatching(/^Storefront alert: 5 checkouts .* no Stripe webhook arrived/) })]);
    expect(await openAlerts()).toEqual([expect.objectContaining({ condition: "webhooks_silent", lastNotifiedAt: expect.any(Date) })]);
  });

  it("posts once however many instances run the cron at the same moment", async () => {
    await purchases(6, "unpaid", "5 minutes");
    const rounds = await Promise.all([raiseAlerts(), raiseAlerts(), raiseAlerts()]);
    expect(rounds.flatMap((round) => round.notified)).toEqual(["webhooks_silent"]);
    expect(received).toHaveLength(1);
  });

  it("tries again on the next run when the receiver refused the post", async () => {
    await events(10, false);
    await events(4, true);
    answerWith = 500;
    const logged = vi.spyOn(logger(), "error").mockImplementation(() => undefined);
    expect(await raiseAlerts()).toMatchObject({ open: ["webhook_failures"], notified: [] });
    expect(logged).toHaveBeenCalledWith(expect.objectContaining({ condition: "webhook_failures" }), "alert: could not post to ALERT_WEBHOOK_URL; the next run tries again");
    answerWith = 200;
    expect(await raiseAlerts()).toMatchObject({ notified: ["webhook_failures"] });
    expect(received.map((post) => post.condition)).toEqual(["webhook_failures"]);
  });

  it("resolves an alert once its condition clears, and posts it afresh when it comes back", async () => {
    await purchases(5, "unpaid", "10 minutes");
    await raiseAlerts();
    await events(1, false);
    expect(await raiseAlerts()).toMatchObject({ open: [], resolved: ["webhooks_silent"] });
    expect(await openAlerts()).toEqual([]);

    await sql(`DELETE FROM stripe_event`, []);
    expect(await raiseAlerts()).toMatchObject({ notified: ["webhooks_silent"] });
    expect(received).toHaveLength(2);
  });

  it("raises a payment success rate below its 7-day level, and not a normal day", async () => {
    await purchases(40, "paid", "3 days");
    await purchases(2, "failed", "3 days");
    await purchases(9, "paid", "2 hours");
    expect((await raiseAlerts()).open).toEqual([]);

    await purchases(8, "failed", "1 hour");
    expect((await raiseAlerts()).open).toEqual(["payment_success_low"]);
    expect(received.at(-1)?.text).toMatch(/Payments succeeded 53 % of the time in the last day, against \d+ % over 7 days/);
  });

  it("raises events left unprocessed, and drift found by the last reconcile run", async () => {
    await events(1, true, "20 minutes");
    await db.reconcileRun.create({ data: { trigger: "cron", finishedAt: new Date(), changed: 1, drift: [{ object: "cs_test_x", userId: "u", change: "unpaid → paid" }] } });
    expect((await raiseAlerts()).open.sort()).toEqual(["events_unfinished", "reconcile_drift"]);
  });

  it("is evaluated by every reconcile run, the cron every store has", async () => {
    await purchases(5, "unpaid", "10 minutes");
    await recordedReconcile("cron");
    expect(received.map((post) => post.condition)).toContain("webhooks_silent");
  });
});
