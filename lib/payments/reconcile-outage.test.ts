import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as cronReconcileRoute } from "@/app/api/cron/reconcile/route";
import { db } from "@/lib/db";
import type { RecordedReconcile } from "@/lib/payments/reconcile-runs";
import { signUpBuyer } from "@/test-support/buyers";
import { checkout, coinsOf } from "@/test-support/route-calls";
import { startTestStripe, type TestStripe } from "@/test-support/test-stripe";

// Reconcile while Stripe answers some reads and not others, as in a partial outage: a proxy in
// front of the sandbox fails the chosen requests with Stripe's own 500. Webhooks are off, so
// reconcile is the only way these payments are settled.

let sandbox: TestStripe;
let failing: (path: string) => boolean = () => false;
let proxy: http.Server;

beforeAll(async () => {
  sandbox = await startTestStripe({ deliverWebhooks: false });
  proxy = http.createServer((req, res) => {
    if (failing(req.url ?? "/")) {
      res.writeHead(500, { "content-type": "application/json" });
      res.end(JSON.stringify({ error: { type: "api_error", message: "An unknown error occurred" } }));
      return;
    }
    req.pipe(http.request(`${sandbox.apiBase}${req.url}`, { method: req.method, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    }));
  });
  await new Promise<void>((resolve) => proxy.listen(0, "127.0.0.1", resolve));
  process.env.STRIPE_API_BASE = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
  process.env.CRON_SECRET = "a-cron-secret-of-some-length";
});
afterAll(async () => {
  delete process.env.CRON_SECRET;
  await new Promise((resolve) => proxy.close(resolve));
  await sandbox.close();
});

async function paidSmallPack(): Promise<{ buyerId: string; sessionId: string }> {
  const buyer = await signUpBuyer();
  const { sessionId } = await checkout(buyer, await sandbox.priceId("small_pack"));
  await sandbox.control(`/_sandbox/checkout/sessions/${sessionId}/pay`, { card: "4242424242424242" });
  return { buyerId: buyer.id, sessionId };
}

const runCron = () =>
  cronReconcileRoute(new Request("http://app.test/api/cron/reconcile", { method: "POST", headers: { authorization: "Bearer a-cron-secret-of-some-length" } }), undefined);

describe("reconcile during a Stripe outage", () => {
  it("reports the rows Stripe could not answer for as skipped, goes on to credit the rest, and says how many it skipped", async () => {
    const unread = await paidSmallPack();
    const read = await paidSmallPack();
    failing = (path) => path.startsWith(`/v1/checkout/sessions/${unread.sessionId}`) || path.startsWith("/v1/refunds");

    const response = await runCron();

    expect(response.status).toBe(200);
    const answer = (await response.json()) as RecordedReconcile;
    expect(answer.skipped).toBe(2);
    expect(answer.failures).toEqual(
      expect.arrayContaining([
        { object: unread.sessionId, message: expect.stringMatching(/^skipped, Stripe did not answer \(stripe_unavailable\)/) },
        { object: "refunds and disputes of the past week", message: expect.stringMatching(/^skipped, Stripe did not answer/) },
      ]),
    );
    expect(answer.drift).toContainEqual({ object: read.sessionId, userId: read.buyerId, change: "unpaid → paid, goods delivered" });
    expect(await coinsOf(read.buyerId)).toMatchObject({ balance: 200 });
    expect(await coinsOf(unread.buyerId)).toMatchObject({ balance: 0 });
    expect(await db.reconcileRun.findUniqueOrThrow({ where: { id: answer.runId } })).toMatchObject({ skipped: 2, errors: answer.errors, failures: answer.failures });

    failing = () => false;
    const after = (await (await runCron()).json()) as RecordedReconcile;
    expect(after).toMatchObject({ skipped: 0, errors: 0 });
    expect(await coinsOf(unread.buyerId)).toMatchObject({ balance: 200, ledgerEntries: 1 });
  }, 60_000);

  it("answers 503 only when Stripe answered none of the run's reads, and records every read it skipped", async () => {
    const { buyerId, sessionId } = await paidSmallPack();
    failing = () => true;
    try {
      const response = await runCron();

      expect(response.status).toBe(503);
      expect(await response.json()).toMatchObject({ error: { code: "stripe_unavailable", message: expect.stringMatching(/^Stripe answered none of this run's \d+ reads/) } });
    } finally {
      failing = () => false;
    }
    const recorded = await db.reconcileRun.findFirstOrThrow({ orderBy: { startedAt: "desc" } });
    expect(recorded.finishedAt).not.toBeNull();
    expect(recorded.skipped).toBeGreaterThanOrEqual(3);
    expect(recorded.failures).toContainEqual({ object: sessionId, message: expect.stringMatching(/^skipped/) });
    expect(await coinsOf(buyerId)).toMatchObject({ balance: 0 });
  }, 60_000);
});
