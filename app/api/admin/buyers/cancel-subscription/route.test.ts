import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as cancelRoute } from "@/app/api/admin/buyers/cancel-subscription/route";
import { db } from "@/lib/db";
import { changePlan } from "@/lib/payments/plans/plan-change";
import { stripe } from "@/lib/stripe-gateway/client";
import { signUpBuyer, type TestBuyer } from "@/test-support/buyers";
import { signUpOperator } from "@/test-support/operators";
import { checkout } from "@/test-support/route-calls";
import { startTestStripe, type TestStripe } from "@/test-support/test-stripe";

// POST /api/admin/buyers/cancel-subscription through the real route handler, the in-process
// Stripe sandbox (the real SDK) and its webhooks: Stripe is told, and the buyer's plan follows.

let sandbox: TestStripe;
beforeAll(async () => {
  sandbox = await startTestStripe();
});
afterAll(() => sandbox.close());

function cancel(who: TestBuyer | null, body: unknown): Promise<Response> {
  const headers = new Headers(who?.headers);
  headers.set("content-type", "application/json");
  return cancelRoute(new Request("http://app.test/api/admin/buyers/cancel-subscription", { method: "POST", headers, body: JSON.stringify(body) }), undefined);
}

async function subscriber(plan: "starter" | "advanced" = "starter"): Promise<{ buyer: TestBuyer; subscriptionId: string }> {
  const buyer = await signUpBuyer();
  const { sessionId } = await checkout(buyer, await sandbox.priceId(plan));
  await sandbox.control(`/_sandbox/checkout/sessions/${sessionId}/pay`, { card: "4242424242424242" });
  await sandbox.settled();
  const { sourceId } = await db.plan.findUniqueOrThrow({ where: { userId: buyer.id } });
  return { buyer, subscriptionId: sourceId };
}

const planOf = (buyer: TestBuyer) => db.plan.findUniqueOrThrow({ where: { userId: buyer.id } });

describe("an operator cancelling a buyer's subscription", () => {
  it("at the period end: Stripe keeps billing nothing more, the plan runs to its end, and the audit log says so", async () => {
    const operator = await signUpOperator();
    const { buyer, subscriptionId } = await subscriber();
    const submissionId = randomUUID();

    const response = await cancel(operator, { userId: buyer.id, subscriptionId, when: "period_end", reason: "asked by email to stop", submissionId });

    expect(response.status).toBe(200);
    const answer = (await response.json()) as { status: string; cancelAtPeriodEnd: boolean; currentPeriodEnd: string };
    expect(answer).toMatchObject({ status: "active", cancelAtPeriodEnd: true, repeated: false });
    expect((await stripe().subscriptions.retrieve(subscriptionId)).cancel_at_period_end).toBe(true);
    expect(await planOf(buyer)).toMatchObject({ status: "active", cancelAtPeriodEnd: true });
    await sandbox.settled();
    expect(await planOf(buyer)).toMatchObject({ status: "active", cancelAtPeriodEnd: true });
    expect(await db.auditLogEntry.findMany({ where: { targetId: subscriptionId } })).toEqual([
      expect.objectContaining({
        actorEmail: operator.email,
        action: "subscription.cancel",
        targetType: "subscription",
        reason: "asked by email to stop",
        before: expect.objectContaining({ status: "active", cancelAtPeriodEnd: false }) as unknown,
        after: expect.objectContaining({ status: "active", cancelAtPeriodEnd: true, when: "period_end" }) as unknown,
        submissionId,
      }),
    ]);
  });

  it("now: the subscription is canceled at Stripe and the plan ends at once", async () => {
    const { buyer, subscriptionId } = await subscriber();

    const response = await cancel(await signUpOperator(), { userId: buyer.id, subscriptionId, when: "now", reason: "fraud", submissionId: randomUUID() });

    expect(await response.json()).toMatchObject({ status: "canceled", repeated: false });
    expect((await stripe().subscriptions.retrieve(subscriptionId)).status).toBe("canceled");
    expect(await planOf(buyer)).toMatchObject({ status: "canceled", subscriptionStatus: "canceled" });
    await sandbox.settled();
    expect(await planOf(buyer)).toMatchObject({ status: "canceled" });
  });

  it("at the period end of a plan with a downgrade scheduled: the downgrade is dropped and the subscription ends with the period", async () => {
    const { buyer, subscriptionId } = await subscriber("advanced");
    await changePlan(buyer.id, "starter");
    expect(await planOf(buyer)).toMatchObject({ scheduledTier: "starter" });

    const response = await cancel(await signUpOperator(), { userId: buyer.id, subscriptionId, when: "period_end", reason: "leaving", submissionId: randomUUID() });

    expect(response.status).toBe(200);
    expect(await planOf(buyer)).toMatchObject({ tier: "advanced", cancelAtPeriodEnd: true, scheduledTier: null });
  });

  it("cancels once for one form submission sent twice and three times at once, with one audit row", async () => {
    const operator = await signUpOperator();
    const { buyer, subscriptionId } = await subscriber();
    const body = { userId: buyer.id, subscriptionId, when: "now", reason: "double-clicked", submissionId: randomUUID() };

    const answers = await Promise.all([1, 2, 3].map(async () => cancel(operator, body)));
    const again = await cancel(operator, body);

    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200]);
    const repeated = await Promise.all(answers.map(async (answer) => ((await answer.json()) as { repeated: boolean }).repeated));
    expect(repeated.filter((each) => !each)).toHaveLength(1);
    expect(await again.json()).toMatchObject({ status: "canceled", repeated: true });
    expect(await db.auditLogEntry.count({ where: { submissionId: body.submissionId } })).toBe(1);
  });
});

describe("who may cancel", () => {
  it("answers 404 in the API's error shape to a buyer and to a visitor, and the subscription goes on", async () => {
    const { buyer, subscriptionId } = await subscriber();
    for (const who of [buyer, null]) {
      const response = await cancel(who, { userId: buyer.id, subscriptionId, when: "now", reason: "r", submissionId: randomUUID() });
      expect(response.status).toBe(404);
      expect(await response.json()).toMatchObject({ error: { code: "not_found", type: "invalid_request_error" } });
    }
    expect((await stripe().subscriptions.retrieve(subscriptionId)).status).toBe("active");
  });
});

describe("a cancellation the console refuses, changing nothing", () => {
  it.each<[string, (ids: { userId: string; subscriptionId: string; otherUserId: string }) => unknown, number, string, RegExp]>([
    ["an unknown subscription", ({ userId }) => ({ userId, subscriptionId: "sub_nothing_here", when: "now", reason: "r", submissionId: randomUUID() }), 404, "not_found", /has no subscription sub_nothing_here/],
    ["another buyer's subscription", ({ otherUserId, subscriptionId }) => ({ userId: otherUserId, subscriptionId, when: "now", reason: "r", submissionId: randomUUID() }), 404, "not_found", /has no subscription/],
    ["an unknown buyer", ({ subscriptionId }) => ({ userId: "no_such_user", subscriptionId, when: "now", reason: "r", submissionId: randomUUID() }), 404, "not_found", /has no subscription/],
    ["no reason", ({ userId, subscriptionId }) => ({ userId, subscriptionId, when: "now", submissionId: randomUUID() }), 400, "invalid_request", /Give a reason/],
    ["a time that is neither now nor the period end", ({ userId, subscriptionId }) => ({ userId, subscriptionId, when: "tomorrow", reason: "r", submissionId: randomUUID() }), 400, "invalid_request", /"now" or "period_end"/],
  ])("%s", async (_name, bodyFor, status, code, message) => {
    const { buyer, subscriptionId } = await subscriber();
    const other = await signUpBuyer();

    const response = await cancel(await signUpOperator(), bodyFor({ userId: buyer.id, subscriptionId, otherUserId: other.id }));

    expect(response.status).toBe(status);
    const { error } = (await response.json()) as { error: { code: string; message: string } };
    expect(error.code).toBe(code);
    expect(error.message).toMatch(message);
    expect(await stripe().subscriptions.retrieve(subscriptionId)).toMatchObject({ status: "active", cancel_at_period_end: false });
    expect(await planOf(buyer)).toMatchObject({ status: "active", cancelAtPeriodEnd: false });
    expect(await db.auditLogEntry.count({ where: { targetId: subscriptionId } })).toBe(0);
  });

  it("a subscription that has already ended", async () => {
    const operator = await signUpOperator();
    const { buyer, subscriptionId } = await subscriber();
    await cancel(operator, { userId: buyer.id, subscriptionId, when: "now", reason: "first", submissionId: randomUUID() });

    const response = await cancel(operator, { userId: buyer.id, subscriptionId, when: "period_end", reason: "second", submissionId: randomUUID() });

    expect(response.status).toBe(409);
    expect(await response.json()).toMatchObject({ error: { code: "no_subscription", message: expect.stringMatching(/already ended/) as unknown } });
    expect(await db.auditLogEntry.count({ where: { targetId: subscriptionId } })).toBe(1);
  });
});
