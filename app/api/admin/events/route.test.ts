import { beforeAll, describe, expect, it } from "vitest";
import { POST as catchUpRoute } from "@/app/api/admin/events/catch-up/route";
import { POST as replayRoute } from "@/app/api/admin/events/replay/route";
import { GET as eventsRoute } from "@/app/api/admin/events/route";
import { adminGet, adminPost, newSubmission } from "@/test-support/console-calls";
import { db, sql } from "@/lib/db";
import { signUpBuyer, type TestBuyer } from "@/test-support/buyers";
import { signUpOperator } from "@/test-support/operators";

// The event log's route and the two recovery actions' routes, as the console and a script call
// them: who may, what the log answers for each filter and page, and what bad input is told. The
// recovery itself (through Stripe) is lib/admin/events/recovery.test.ts.

let operator: TestBuyer;
let buyer: TestBuyer;

const MINUTE = 60_000;
const start = Date.now() - 60 * MINUTE;

/** One received event, `minutes` after the start. */
async function received(id: string, minutes: number, fields: { type?: string; objectId?: string; outcome?: string | null; attempts?: number; lastError?: string | null; tookMs?: number }) {
  const seen = new Date(start + minutes * MINUTE).toISOString();
  const done = fields.outcome === null ? null : new Date(start + minutes * MINUTE + (fields.tookMs ?? 40)).toISOString();
  await sql(
    `INSERT INTO stripe_event (id, type, "objectId", "createdAt", "firstSeenAt", "claimedAt", "processedAt", outcome, attempts, "lastError")
     VALUES ($1, $2, $3, $4::timestamp, $4::timestamp, $4::timestamp, $5::timestamp, $6, $7, $8)`,
    [id, fields.type ?? "checkout.session.completed", fields.objectId ?? null, seen, done, fields.outcome === undefined ? "processed" : fields.outcome, fields.attempts ?? 1, fields.lastError ?? null],
  );
}

beforeAll(async () => {
  [operator, buyer] = await Promise.all([signUpOperator(), signUpBuyer()]);
  await received("evt_log_processed", 1, { objectId: "cs_test_log_a", tookMs: 120 });
  await received("evt_log_duplicate", 2, { type: "payment_intent.succeeded", objectId: "cs_test_log_a", outcome: "duplicate" });
  await received("evt_log_ignored", 3, { type: "charge.succeeded", objectId: "ch_log_b", outcome: "ignored: checkout cs_test_log_b is already settled" });
  await received("evt_log_failed", 4, { objectId: "cs_test_log_c", outcome: null, attempts: 3, lastError: "stripe_unavailable: Payments are temporarily unavailable." });
  await received("evt_log_running", 5, { type: "invoice.paid", objectId: "in_log_d", outcome: null });
  await received("evt_log_retried", 6, { objectId: "cs_test_log_e", attempts: 2, lastError: "Error: connection reset" });
});

type Answer = { events: { id: string; status: string }[]; newer: string | null; older: string | null };

async function log(query: string, who: TestBuyer | null = operator): Promise<Answer> {
  const response = await adminGet(eventsRoute, `/api/admin/events${query}`, who);
  expect(response.status).toBe(200);
  return (await response.json()) as Answer;
}

const ids = (answer: Answer) => answer.events.map((event) => event.id);

describe("GET /api/admin/events", () => {
  it("lists the events received, newest first, with outcome, attempts, time taken and error", async () => {
    const answer = await log("");

    expect(ids(answer)).toEqual(["evt_log_retried", "evt_log_running", "evt_log_failed", "evt_log_ignored", "evt_log_duplicate", "evt_log_processed"]);
    expect(answer.events.find((event) => event.id === "evt_log_processed")).toMatchObject({ status: "processed", attempts: 1, durationMs: 120, lastError: null, objectId: "cs_test_log_a" });
    expect(answer.events.find((event) => event.id === "evt_log_ignored")).toMatchObject({ status: "ignored", reason: "checkout cs_test_log_b is already settled" });
    expect(answer.events.find((event) => event.id === "evt_log_failed")).toMatchObject({ status: "failed", attempts: 3, durationMs: null, processedAt: null });
    expect(answer.events.find((event) => event.id === "evt_log_retried")).toMatchObject({ status: "processed", attempts: 2, lastError: "Error: connection reset" });
    expect(answer).toMatchObject({ newer: null, older: null });
  });

  it("filters by outcome, by type, and finds an event by its id or by what it is about", async () => {
    expect(ids(await log("?outcome=failed"))).toEqual(["evt_log_failed"]);
    expect(ids(await log("?outcome=in_progress"))).toEqual(["evt_log_running"]);
    expect(ids(await log("?outcome=ignored"))).toEqual(["evt_log_ignored"]);
    expect(ids(await log("?outcome=duplicate"))).toEqual(["evt_log_duplicate"]);
    expect(ids(await log("?outcome=processed"))).toEqual(["evt_log_retried", "evt_log_processed"]);
    expect(ids(await log("?type=invoice.paid"))).toEqual(["evt_log_running"]);
    expect(ids(await log("?q=evt_log_ignored"))).toEqual(["evt_log_ignored"]);
    expect(ids(await log("?q=cs_test_log_a"))).toEqual(["evt_log_duplicate", "evt_log_processed"]);
    expect(ids(await log("?q=cs_test_log_a&type=payment_intent.succeeded&outcome=duplicate"))).toEqual(["evt_log_duplicate"]);
    expect(ids(await log("?q=evt_nothing_like_it"))).toEqual([]);
  });

  it("pages older and back newer by cursor without skipping or repeating an event", async () => {
    await Promise.all(Array.from({ length: 55 }, (_, i) => received(`evt_log_page_${String(i).padStart(2, "0")}`, 100, { type: "charge.refunded" })));

    const first = await log("?type=charge.refunded");
    const second = await log(`?type=charge.refunded&cursor=${first.older}`);
    const backAgain = await log(`?type=charge.refunded&cursor=${second.newer}`);

    expect(first.events).toHaveLength(50);
    expect(second.events).toHaveLength(5);
    expect(new Set([...ids(first), ...ids(second)]).size).toBe(55);
    expect(second.older).toBeNull();
    expect(ids(backAgain)).toEqual(ids(first));
    expect(backAgain.newer).toBeNull();
  });

  it("tells a buyer and a visitor there is no such route", async () => {
    for (const who of [buyer, null]) {
      const response = await adminGet(eventsRoute, "/api/admin/events", who);
      expect(response.status).toBe(404);
      expect(await response.json()).toEqual({ error: { code: "not_found", type: "invalid_request_error", message: "There is no API route at /api/admin/events." } });
    }
  });

  it.each([
    ["an unknown outcome", "?outcome=lost", "outcome must be one of processed, duplicate, ignored, failed, in_progress."],
    ["a type that is no event type", "?type=DROP%20TABLE", "type must be a Stripe event type such as checkout.session.completed."],
    ["a search that is no Stripe id", "?q=a%20b%3Bc", "Search by a Stripe id: an evt_ event id, or the id of what it is about (cs_, pi_, sub_, in_ …)."],
    ["a cursor it never wrote", "?cursor=bm90LWEtY3Vyc29y", "The page cursor is not one this console wrote; start again from the first page."],
  ])("answers 400 for %s", async (_what, query, message) => {
    const response = await adminGet(eventsRoute, `/api/admin/events${query}`, operator);
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: { code: "invalid_request", type: "invalid_request_error", message } });
  });
});

describe("POST /api/admin/events/replay and /api/admin/events/catch-up", () => {
  it("tell a buyer and a visitor there is no such route, and do nothing", async () => {
    const entries = await db.auditLogEntry.count();
    for (const who of [buyer, null]) {
      const replay = await adminPost(replayRoute, "/api/admin/events/replay", who, { eventId: "evt_log_failed", reason: "try", submissionId: newSubmission() });
      const catchUp = await adminPost(catchUpRoute, "/api/admin/events/catch-up", who, { reason: "try", submissionId: newSubmission() });
      expect([replay.status, catchUp.status]).toEqual([404, 404]);
    }
    expect(await db.auditLogEntry.count()).toBe(entries);
  });

  const replayCases: [string, unknown, string][] = [
    ["no reason", { eventId: "evt_log_failed", submissionId: "" }, "Give a reason: it is recorded in the audit log with your name."],
    ["a blank reason", { eventId: "evt_log_failed", reason: "   " }, "Give a reason: it is recorded in the audit log with your name."],
    ["a reason of a thousand characters", { eventId: "evt_log_failed", reason: "x".repeat(1000) }, "Keep the reason under 500 characters."],
    ["an id that is not an event's", { eventId: "cs_test_log_a", reason: "try" }, "eventId must be a Stripe event id (evt_…)."],
    ["no submission id", { eventId: "evt_log_failed", reason: "try", submissionId: undefined }, "submissionId must be the form's submission id (a UUID)."],
  ];
  it.each(replayCases)("refuse a replay with %s (400), and do nothing", async (_what, fields, message) => {
    const entries = await db.auditLogEntry.count();
    const response = await adminPost(replayRoute, "/api/admin/events/replay", operator, { submissionId: newSubmission(), ...(fields as object) });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: { code: "invalid_request", type: "invalid_request_error", message } });
    expect(await db.auditLogEntry.count()).toBe(entries);
  });

  it.each([
    ["a time older than Stripe's 30 days", new Date(Date.now() - 31 * 24 * 3600_000).toISOString(), "Stripe keeps events for 30 days: choose a time within the last 30 days."],
    ["a time in the future", new Date(Date.now() + 3600_000).toISOString(), "since is in the future: choose a time in the last 30 days."],
    ["something that is not a time", "yesterday", "since must be a time such as 2026-12-01T09:00:00Z."],
  ])("refuse a catch-up from %s (400), and do nothing", async (_what, since, message) => {
    const response = await adminPost(catchUpRoute, "/api/admin/events/catch-up", operator, { since, reason: "webhooks were down", submissionId: newSubmission() });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: { code: "invalid_request", type: "invalid_request_error", message } });
  });

  it("refuse a body that is not JSON (415) or not JSON at all (400)", async () => {
    const form = await replayRoute(
      new Request("http://app.test/api/admin/events/replay", { method: "POST", headers: new Headers([...operator.headers, ["content-type", "text/plain"]]), body: "eventId=evt_x" }),
      undefined,
    );
    const broken = await adminPost(replayRoute, "/api/admin/events/replay", operator, "{not json");
    expect([form.status, broken.status]).toEqual([415, 400]);
  });

  it("refuse a replay sent from another site's page (403)", async () => {
    const response = await adminPost(replayRoute, "/api/admin/events/replay", operator, { eventId: "evt_log_failed", reason: "try", submissionId: newSubmission() }, { "sec-fetch-site": "cross-site" });
    expect(response.status).toBe(403);
  });
});
