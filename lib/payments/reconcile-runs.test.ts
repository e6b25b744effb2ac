import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as cronReconcileRoute } from "@/app/api/cron/reconcile/route";
import { db } from "@/lib/db";
import { recordedReconcile } from "@/lib/payments/reconcile-runs";
import { signUpBuyer } from "@/test-support/buyers";
import { checkout, coinsOf } from "@/test-support/route-calls";
import { startTestStripe, type TestStripe } from "@/test-support/test-stripe";

// Every reconcile run leaves a row the console shows: which trigger started it, when it began and
// ended, what it checked and changed, and its drift and failures. Webhooks are off, so each paid
// checkout here is settled by a run.

const run = promisify(execFile);
let sandbox: TestStripe;
beforeAll(async () => {
  sandbox = await startTestStripe({ deliverWebhooks: false });
});
afterAll(() => sandbox.close());

async function paidSmallPack(): Promise<{ buyerId: string; sessionId: string }> {
  const buyer = await signUpBuyer();
  const { sessionId } = await checkout(buyer, await sandbox.priceId("small_pack"));
  await sandbox.control(`/_sandbox/checkout/sessions/${sessionId}/pay`, { card: "4242424242424242" });
  return { buyerId: buyer.id, sessionId };
}

const newestRun = () => db.reconcileRun.findFirstOrThrow({ orderBy: { startedAt: "desc" } });

describe("reconcile runs", () => {
  it("are recorded for the cron with what they found: the checkout they settled is in the drift", async () => {
    process.env.CRON_SECRET = "a-cron-secret-of-some-length";
    const { buyerId, sessionId } = await paidSmallPack();
    const before = new Date();

    const response = await cronReconcileRoute(
      new Request("http://app.test/api/cron/reconcile", { method: "POST", headers: { authorization: "Bearer a-cron-secret-of-some-length" } }),
      undefined,
    );

    const answer = (await response.json()) as { runId: string; changed: number };
    const recorded = await db.reconcileRun.findUniqueOrThrow({ where: { id: answer.runId } });
    expect(recorded).toMatchObject({ trigger: "cron", errors: 0, changed: answer.changed, failures: [] });
    expect(recorded.startedAt.getTime()).toBeGreaterThanOrEqual(before.getTime() - 1000);
    expect(recorded.finishedAt?.getTime()).toBeGreaterThanOrEqual(recorded.startedAt.getTime());
    expect(recorded.drift).toContainEqual({ object: sessionId, userId: buyerId, change: "unpaid → paid, goods delivered" });
    expect((await coinsOf(buyerId)).balance).toBe(200);
  });

  it("are recorded for `npm run reconcile` as the command line's", async () => {
    const { sessionId } = await paidSmallPack();

    const { stdout } = await run(process.execPath, ["--import", "tsx", "scripts/reconcile.ts"], { env: process.env });

    expect(stdout).toMatch(/^checked \d+; changed \d+;/);
    const recorded = await newestRun();
    expect(recorded).toMatchObject({ trigger: "cli", errors: 0 });
    expect(recorded.finishedAt).not.toBeNull();
    expect(recorded.drift).toContainEqual(expect.objectContaining({ object: sessionId }));
  });

  it("that Stripe answered nothing for are recorded as finished, every read skipped, and the error still reaches the caller", async () => {
    await sandbox.control("/_sandbox/config", { apiOutage: true });
    try {
      await expect(recordedReconcile("console")).rejects.toMatchObject({ code: "stripe_unavailable" });
    } finally {
      await sandbox.control("/_sandbox/config", { apiOutage: false });
    }

    const recorded = await newestRun();
    expect(recorded).toMatchObject({ trigger: "console", skipped: 2, errors: 2 });
    expect(recorded.failures).toEqual([
      { object: "subscriptions of the last 40 days", message: expect.stringMatching(/^skipped, Stripe did not answer \(stripe_unavailable\): .*temporarily unavailable/) },
      { object: "refunds and disputes of the past week", message: expect.stringMatching(/^skipped, Stripe did not answer/) },
    ]);
    expect(recorded.finishedAt).not.toBeNull();
  }, 60_000);

  it("that die for another reason are recorded as finished, with the error, and the error still reaches the caller", async () => {
    const failing = await db.reconcileRun.count();
    await expect(recordedReconcile("console", new Date(Number.NaN))).rejects.toThrow();

    const recorded = await newestRun();
    expect(await db.reconcileRun.count()).toBe(failing + 1);
    expect(recorded).toMatchObject({ trigger: "console", errors: 1, skipped: 0, failures: [{ object: "reconcile", message: expect.any(String) }] });
    expect(recorded.finishedAt).not.toBeNull();
  });
});
