import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { POST as adjustRoute } from "@/app/api/admin/buyers/adjust-coins/route";
import { db } from "@/lib/db";
import { signUpBuyer, type TestBuyer } from "@/test-support/buyers";
import { signUpOperator } from "@/test-support/operators";
import { coinsOf } from "@/test-support/route-calls";

// POST /api/admin/buyers/adjust-coins, through the real route handler on PostgreSQL: what the
// store owner sees on the buyer's balance, its ledger and the audit log.

function adjust(who: TestBuyer | null, body: unknown, init: { contentType?: string; requestId?: string } = {}): Promise<Response> {
  const headers = new Headers(who?.headers);
  headers.set("content-type", init.contentType ?? "application/json");
  if (init.requestId) headers.set("x-request-id", init.requestId);
  const payload = typeof body === "string" ? body : JSON.stringify(body);
  return adjustRoute(new Request("http://app.test/api/admin/buyers/adjust-coins", { method: "POST", headers, body: payload }), undefined);
}

/** A buyer holding `coins`, given by an earlier adjustment of another operator. */
async function buyerWith(coins: number): Promise<TestBuyer> {
  const buyer = await signUpBuyer();
  const response = await adjust(await signUpOperator(), { userId: buyer.id, delta: coins, reason: "opening balance", submissionId: randomUUID() });
  expect(response.status).toBe(200);
  return buyer;
}

const auditRowsAbout = (userId: string) => db.auditLogEntry.findMany({ where: { targetId: userId }, orderBy: { createdAt: "asc" } });

describe("an operator adjusting a buyer's coins", () => {
  it("adds coins with a reason: the balance, one ledger adjustment and one audit row saying who, why and what changed", async () => {
    const operator = await signUpOperator();
    const buyer = await signUpBuyer();
    const submissionId = randomUUID();

    const response = await adjust(operator, { userId: buyer.id, delta: 250, reason: "  goodwill after an outage  ", submissionId }, { requestId: "req_console_1" });

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ coinBalance: 250, delta: 250, repeated: false });
    expect(await coinsOf(buyer.id)).toEqual({ balance: 250, ledgerEntries: 1, ledgerSum: 250 });
    expect(await db.coinLedgerEntry.findFirst({ where: { userId: buyer.id } })).toMatchObject({ reason: "adjustment", delta: 250, sourceId: submissionId });
    expect(await auditRowsAbout(buyer.id)).toEqual([
      expect.objectContaining({
        actorId: operator.id,
        actorEmail: operator.email,
        action: "coins.adjust",
        targetType: "user",
        targetId: buyer.id,
        reason: "goodwill after an outage",
        before: { coinBalance: 0 },
        after: { coinBalance: 250, delta: 250 },
        requestId: "req_console_1",
        submissionId,
      }),
    ]);
  });

  it("takes coins down to exactly zero, and the balance stays the sum of the ledger", async () => {
    const buyer = await buyerWith(80);
    const response = await adjust(await signUpOperator(), { userId: buyer.id, delta: -80, reason: "test coins given by mistake", submissionId: randomUUID() });

    expect(await response.json()).toEqual({ coinBalance: 0, delta: -80, repeated: false });
    expect(await coinsOf(buyer.id)).toEqual({ balance: 0, ledgerEntries: 2, ledgerSum: 0 });
  });

  it("moves coins once for a form submission sent twice, with one audit row; the second answer says it was repeated", async () => {
    const operator = await signUpOperator();
    const buyer = await buyerWith(100);
    const body = { userId: buyer.id, delta: -30, reason: "double-clicked", submissionId: randomUUID() };

    const first = await adjust(operator, body);
    const again = await adjust(operator, body);

    expect(await first.json()).toEqual({ coinBalance: 70, delta: -30, repeated: false });
    expect(await again.json()).toEqual({ coinBalance: 70, delta: -30, repeated: true });
    expect(await coinsOf(buyer.id)).toEqual({ balance: 70, ledgerEntries: 2, ledgerSum: 70 });
    expect(await db.auditLogEntry.count({ where: { submissionId: body.submissionId } })).toBe(1);
  });

  it("moves coins once when three copies of one submission arrive at the same time", async () => {
    const operator = await signUpOperator();
    const buyer = await buyerWith(100);
    const body = { userId: buyer.id, delta: -30, reason: "triple-clicked", submissionId: randomUUID() };

    const answers = await Promise.all([1, 2, 3].map(async () => (await adjust(operator, body)).json()));

    expect(answers).toEqual(
      expect.arrayContaining([
        { coinBalance: 70, delta: -30, repeated: false },
        { coinBalance: 70, delta: -30, repeated: true },
      ]),
    );
    expect(answers.filter((answer: { repeated: boolean }) => !answer.repeated)).toHaveLength(1);
    expect(await coinsOf(buyer.id)).toEqual({ balance: 70, ledgerEntries: 2, ledgerSum: 70 });
    expect(await db.auditLogEntry.count({ where: { submissionId: body.submissionId } })).toBe(1);
  });
});

describe("who may adjust coins", () => {
  it("answers 404 in the API's error shape to a buyer and to a visitor, and moves nothing", async () => {
    const buyer = await buyerWith(10);
    const body = { userId: buyer.id, delta: 1000, reason: "free coins", submissionId: randomUUID() };

    for (const who of [buyer, null]) {
      const response = await adjust(who, body);
      expect(response.status).toBe(404);
      expect(await response.json()).toEqual({ error: { code: "not_found", message: "There is no API route at /api/admin/buyers/adjust-coins.", type: "invalid_request_error" } });
    }
    expect(await coinsOf(buyer.id)).toEqual({ balance: 10, ledgerEntries: 1, ledgerSum: 10 });
    expect(await db.auditLogEntry.count({ where: { submissionId: body.submissionId } })).toBe(0);
  });
});

describe("an adjustment the console refuses, changing nothing", () => {
  const cases: [string, (userId: string) => unknown, number, string, RegExp][] = [
    ["a debit larger than the balance", (userId) => ({ userId, delta: -41, reason: "r", submissionId: randomUUID() }), 402, "insufficient_balance", /has 40 coins.*Take at most 40/],
    ["no reason", (userId) => ({ userId, delta: 5, submissionId: randomUUID() }), 400, "invalid_request", /Give a reason/],
    ["a blank reason", (userId) => ({ userId, delta: 5, reason: "   ", submissionId: randomUUID() }), 400, "invalid_request", /Give a reason/],
    ["a reason of a thousand characters", (userId) => ({ userId, delta: 5, reason: "x".repeat(1000), submissionId: randomUUID() }), 400, "invalid_request", /under 500 characters/],
    ["zero coins", (userId) => ({ userId, delta: 0, reason: "r", submissionId: randomUUID() }), 400, "invalid_request", /must not be zero/],
    ["half a coin", (userId) => ({ userId, delta: 1.5, reason: "r", submissionId: randomUUID() }), 400, "invalid_request", /whole number/],
    ["coins as text", (userId) => ({ userId, delta: "10", reason: "r", submissionId: randomUUID() }), 400, "invalid_request", /whole number/],
    ["ten million coins", (userId) => ({ userId, delta: 10_000_000, reason: "r", submissionId: randomUUID() }), 400, "invalid_request", /at most 1000000/],
    ["no submission id", (userId) => ({ userId, delta: 5, reason: "r" }), 400, "invalid_request", /submission id/],
    ["a submission id that is not one the page made", (userId) => ({ userId, delta: 5, reason: "r", submissionId: "click-1" }), 400, "invalid_request", /submission id/],
    ["an unknown buyer", () => ({ userId: "no_such_user", delta: 5, reason: "r", submissionId: randomUUID() }), 404, "not_found", /no buyer with id no_such_user/],
    ["no body at all", () => "", 400, "invalid_request", /Send a JSON body/],
    ["a body that is not JSON", () => "{delta: 5", 400, "invalid_request", /not valid JSON/],
  ];

  it.each(cases)("%s", async (_name, bodyFor, status, code, message) => {
    const buyer = await buyerWith(40);
    const response = await adjust(await signUpOperator(), bodyFor(buyer.id));

    expect(response.status).toBe(status);
    const { error } = (await response.json()) as { error: { code: string; message: string } };
    expect(error.code).toBe(code);
    expect(error.message).toMatch(message);
    expect(await coinsOf(buyer.id)).toEqual({ balance: 40, ledgerEntries: 1, ledgerSum: 40 });
    expect(await auditRowsAbout(buyer.id)).toHaveLength(1);
  });

  it("a form post instead of JSON", async () => {
    const buyer = await buyerWith(40);
    const response = await adjust(await signUpOperator(), `userId=${buyer.id}&delta=5&reason=r`, { contentType: "application/x-www-form-urlencoded" });
    expect(response.status).toBe(415);
    expect(await coinsOf(buyer.id)).toEqual({ balance: 40, ledgerEntries: 1, ledgerSum: 40 });
  });

  it("a submission already used for a different adjustment", async () => {
    const operator = await signUpOperator();
    const buyer = await buyerWith(40);
    const submissionId = randomUUID();
    await adjust(operator, { userId: buyer.id, delta: 5, reason: "r", submissionId });

    const response = await adjust(operator, { userId: buyer.id, delta: 9, reason: "r", submissionId });

    expect(response.status).toBe(409);
    expect(await coinsOf(buyer.id)).toEqual({ balance: 45, ledgerEntries: 2, ledgerSum: 45 });
  });
});
