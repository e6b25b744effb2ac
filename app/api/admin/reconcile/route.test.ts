import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET, POST } from "@/app/api/admin/reconcile/route";
import { adminGet, adminPost, newSubmission } from "@/test-support/console-calls";
import { db } from "@/lib/db";
import { signUpBuyer, type TestBuyer } from "@/test-support/buyers";
import { signUpOperator } from "@/test-support/operators";
import { checkout, coinsOf } from "@/test-support/route-calls";
import { startTestStripe, type TestStripe } from "@/test-support/test-stripe";

// "Run now" and the history of runs, as the console's reconcile page calls them. Webhooks are off,
// so the paid checkout here is settled by the console's run.

let sandbox: TestStripe;
let operator: TestBuyer;
let buyer: TestBuyer;
beforeAll(async () => {
  sandbox = await startTestStripe({ deliverWebhooks: false });
  [operator, buyer] = await Promise.all([signUpOperator(), signUpBuyer()]);
});
afterAll(() => sandbox.close());

const runNow = (who: TestBuyer | null, body: object) => adminPost(POST, "/api/admin/reconcile", who, body, { "x-request-id": "req_console_test" });

describe("POST /api/admin/reconcile", () => {
  it("runs reconcile now as the console's run, once per submission, and records it in the audit log without needing a reason", async () => {
    const { sessionId } = await checkout(buyer, await sandbox.priceId("small_pack"));
    await sandbox.control(`/_sandbox/checkout/sessions/${sessionId}/pay`, { card: "4242424242424242" });
    const submissionId = newSubmission();

    const first = await runNow(operator, { submissionId });
    const doubleClick = await runNow(operator, { submissionId });

    expect(first.status).toBe(200);
    const answer = (await first.json()) as { runId: string; changed: number };
    expect(await doubleClick.json()).toEqual(answer);
    expect(answer.changed).toBeGreaterThanOrEqual(1);
    expect(await db.reconcileRun.count({ where: { trigger: "console" } })).toBe(1);
    expect(await db.reconcileRun.findUniqueOrThrow({ where: { id: answer.runId } })).toMatchObject({ trigger: "console", errors: 0 });
    expect(await coinsOf(buyer.id)).toMatchObject({ balance: 200, ledgerEntries: 1 });
    const entry = await db.auditLogEntry.findUniqueOrThrow({ where: { submissionId } });
    expect(entry).toMatchObject({ actorEmail: operator.email, action: "reconcile.run", targetType: "reconcile_run", targetId: answer.runId, reason: "", requestId: "req_console_test", after: answer });
  });

  it("keeps the reason when one is given", async () => {
    const submissionId = newSubmission();
    await runNow(operator, { submissionId, reason: "  checking after the outage  " });
    expect((await db.auditLogEntry.findUniqueOrThrow({ where: { submissionId } })).reason).toBe("checking after the outage");
  });

  it.each([
    ["no submission id", {}, "submissionId must be the form's submission id (a UUID)."],
    ["a reason of a thousand characters", { submissionId: "6f1c2b8e-1d2a-4c3b-9f0e-123456789abc", reason: "x".repeat(1000) }, "Keep the reason under 500 characters."],
  ])("refuses a run with %s (400), and runs nothing", async (_what, body, message) => {
    const runs = await db.reconcileRun.count();
    const response = await runNow(operator, body);
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: { code: "invalid_request", type: "invalid_request_error", message } });
    expect(await db.reconcileRun.count()).toBe(runs);
  });

  it("refuses a submission id already used for another action (409), and runs nothing", async () => {
    const submissionId = newSubmission();
    await db.auditLogEntry.create({
      data: { actorId: operator.id, actorEmail: operator.email, action: "event.replay", targetType: "stripe_event", targetId: "evt_x", reason: "r", requestId: "q", submissionId, after: {} },
    });
    const runs = await db.reconcileRun.count();

    const response = await runNow(operator, { submissionId });

    expect(response.status).toBe(409);
    expect(await response.json()).toMatchObject({ error: { code: "idempotency_key_reused" } });
    expect(await db.reconcileRun.count()).toBe(runs);
  });

  it("tells a buyer and a visitor there is no such route, and runs nothing", async () => {
    const runs = await db.reconcileRun.count();
    for (const who of [buyer, null]) {
      expect((await runNow(who, { submissionId: newSubmission() })).status).toBe(404);
      expect((await adminGet(GET, "/api/admin/reconcile", who)).status).toBe(404);
    }
    expect(await db.reconcileRun.count()).toBe(runs);
  });
});

describe("GET /api/admin/reconcile", () => {
  it("lists the runs newest first with their drift, a page at a time", async () => {
    await db.reconcileRun.createMany({
      data: Array.from({ length: 25 }, (_, i) => ({
        trigger: "cron",
        startedAt: new Date(Date.now() - (i + 1) * 3600_000),
        finishedAt: new Date(Date.now() - (i + 1) * 3600_000 + 2000),
        checked: 10,
        changed: i % 2,
        drift: i % 2 ? [{ object: `cs_test_run_${i}`, userId: "u", change: "unpaid → paid, goods delivered" }] : [],
      })),
    });

    const first = (await (await adminGet(GET, "/api/admin/reconcile", operator)).json()) as { runs: { trigger: string; drift: unknown[] }[]; older: string };
    const second = (await (await adminGet(GET, `/api/admin/reconcile?cursor=${first.older}`, operator)).json()) as { runs: unknown[]; older: string | null };

    expect(first.runs).toHaveLength(20);
    expect(first.runs[0]?.trigger).toBe("console");
    expect(first.runs.flatMap((run) => run.drift)).toContainEqual({ object: "cs_test_run_1", userId: "u", change: "unpaid → paid, goods delivered" });
    expect(second.older).toBeNull();
    expect(first.runs.length + second.runs.length).toBe(await db.reconcileRun.count());
  });
});
