import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as refundRoute } from "@/app/api/admin/refunds/route";
import { db } from "@/lib/db";
import { stripe } from "@/lib/stripe-gateway/client";
import { signUpBuyer, type TestBuyer } from "@/test-support/buyers";
import { signUpOperator } from "@/test-support/operators";
import { checkout, coinsOf } from "@/test-support/route-calls";
import { startTestStripe, type TestStripe } from "@/test-support/test-stripe";

// POST /api/admin/refunds through the real route handler, the in-process Stripe sandbox (the real
// SDK) and its webhooks delivered to the real webhook route: the console asks Stripe for the
// refund, and the buyer's balance falls only when Stripe's webhook says the refund happened.

let sandbox: TestStripe;
beforeAll(async () => {
  sandbox = await startTestStripe();
});
afterAll(() => sandbox.close());

function refund(who: TestBuyer | null, body: unknown): Promise<Response> {
  const headers = new Headers(who?.headers);
  headers.set("content-type", "application/json");
  return refundRoute(new Request("http://app.test/api/admin/refunds", { method: "POST", headers, body: JSON.stringify(body) }), undefined);
}

/** A buyer who bought and paid for a Medium Pack (500 cents, 550 coins), credited by the webhook. */
async function paidPack(): Promise<{ buyer: TestBuyer; sessionId: string; paymentIntentId: string }> {
  const buyer = await signUpBuyer();
  const { sessionId } = await checkout(buyer, await sandbox.priceId("medium_pack"));
  await sandbox.control(`/_sandbox/checkout/sessions/${sessionId}/pay`, { card: "4242424242424242" });
  await sandbox.settled();
  expect((await coinsOf(buyer.id)).balance).toBe(550);
  const paymentIntentId = String((await stripe().checkout.sessions.retrieve(sessionId)).payment_intent);
  return { buyer, sessionId, paymentIntentId };
}

const refundsAtStripe = async (paymentIntentId: string) => (await stripe().refunds.list({ payment_intent: paymentIntentId })).data.map((r) => r.amount);

describe("an operator refunding a payment from the console", () => {
  it("refunds part of a pack through Stripe; the webhook then takes that share of the coins back, once", async () => {
    const operator = await signUpOperator();
    const { buyer, sessionId, paymentIntentId } = await paidPack();
    const submissionId = randomUUID();

    const response = await refund(operator, { checkoutSessionId: sessionId, amountCents: 250, reason: "half the pack was never delivered", submissionId });

    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ amountCents: 250, currency: "usd", status: "succeeded", repeated: false, effect: expect.stringMatching(/coins is taken back/) as unknown });
    expect(await refundsAtStripe(paymentIntentId)).toEqual([250]);
    await sandbox.settled();
    expect(await coinsOf(buyer.id)).toEqual({ balance: 550 - 275, ledgerEntries: 2, ledgerSum: 550 - 275 });
    expect(await db.purchase.findUniqueOrThrow({ where: { checkoutSessionId: sessionId } })).toMatchObject({ refundedCents: 250 });
    expect(await db.auditLogEntry.findMany({ where: { targetId: sessionId } })).toEqual([
      expect.objectContaining({
        actorEmail: operator.email,
        action: "payment.refund",
        targetType: "purchase",
        reason: "half the pack was never delivered",
        before: { amountCents: 500, refundedCents: 0, currency: "usd" },
        after: expect.objectContaining({ amountCents: 250, status: "succeeded" }) as unknown,
        submissionId,
      }),
    ]);
  });

  it("refunds all that is left when no amount is given, and the buyer's pack is gone from their balance", async () => {
    const operator = await signUpOperator();
    const { buyer, sessionId, paymentIntentId } = await paidPack();
    await refund(operator, { checkoutSessionId: sessionId, amountCents: 100, reason: "first part", submissionId: randomUUID() });

    const response = await refund(operator, { checkoutSessionId: sessionId, reason: "the rest", submissionId: randomUUID() });

    expect(await response.json()).toMatchObject({ amountCents: 400, repeated: false });
    expect(await refundsAtStripe(paymentIntentId)).toEqual([400, 100]);
    await sandbox.settled();
    expect(await coinsOf(buyer.id)).toMatchObject({ balance: 0, ledgerSum: 0 });
  });

  it("refunds once, at Stripe too, for one form submission sent twice and sent three times at once, with one audit row", async () => {
    const operator = await signUpOperator();
    const { buyer, sessionId, paymentIntentId } = await paidPack();
    const body = { checkoutSessionId: sessionId, amountCents: 100, reason: "double-clicked", submissionId: randomUUID() };

    const answers = await Promise.all([1, 2, 3].map(async () => (await refund(operator, body)).json()));
    const again = await refund(operator, body);

    expect(answers.filter((answer: { repeated: boolean }) => !answer.repeated)).toHaveLength(1);
    expect(await again.json()).toMatchObject({ amountCents: 100, repeated: true });
    expect(await refundsAtStripe(paymentIntentId)).toEqual([100]);
    expect(await db.auditLogEntry.count({ where: { submissionId: body.submissionId } })).toBe(1);
    await sandbox.settled();
    expect((await coinsOf(buyer.id)).balance).toBe(550 - 110);
  });
});

describe("who may refund", () => {
  it("answers 404 in the API's error shape to a buyer and to a visitor, and nothing is refunded", async () => {
    const { buyer, sessionId, paymentIntentId } = await paidPack();
    for (const who of [buyer, null]) {
      const response = await refund(who, { checkoutSessionId: sessionId, reason: "my own refund", submissionId: randomUUID() });
      expect(response.status).toBe(404);
      expect(await response.json()).toMatchObject({ error: { code: "not_found", type: "invalid_request_error" } });
    }
    expect(await refundsAtStripe(paymentIntentId)).toEqual([]);
  });
});

describe("a refund the console refuses, with nothing asked of Stripe", () => {
  const cases: [string, (sessionId: string) => unknown, number, string, RegExp][] = [
    ["more than was paid", (id) => ({ checkoutSessionId: id, amountCents: 501, reason: "r", submissionId: randomUUID() }), 400, "amount_too_large", /Only 500 of 500 .* is left to refund.*501 was asked/],
    ["zero cents", (id) => ({ checkoutSessionId: id, amountCents: 0, reason: "r", submissionId: randomUUID() }), 400, "invalid_request", /more than zero/],
    ["a fraction of a cent", (id) => ({ checkoutSessionId: id, amountCents: 2.5, reason: "r", submissionId: randomUUID() }), 400, "invalid_request", /whole number of cents/],
    ["no reason", (id) => ({ checkoutSessionId: id, amountCents: 100, submissionId: randomUUID() }), 400, "invalid_request", /Give a reason/],
    ["an unknown purchase", () => ({ checkoutSessionId: "cs_test_nothing_here", reason: "r", submissionId: randomUUID() }), 404, "not_found", /no purchase with Checkout Session id cs_test_nothing_here/],
    ["an id that is not a Checkout Session", () => ({ checkoutSessionId: "ch_123", reason: "r", submissionId: randomUUID() }), 400, "invalid_request", /must be a Checkout Session id/],
  ];

  it.each(cases)("%s", async (_name, bodyFor, status, code, message) => {
    const { buyer, sessionId, paymentIntentId } = await paidPack();
    const response = await refund(await signUpOperator(), bodyFor(sessionId));

    expect(response.status).toBe(status);
    const { error } = (await response.json()) as { error: { code: string; message: string } };
    expect(error).toMatchObject({ code });
    expect(error.message).toMatch(message);
    expect(await refundsAtStripe(paymentIntentId)).toEqual([]);
    expect((await coinsOf(buyer.id)).balance).toBe(550);
    expect(await db.auditLogEntry.count({ where: { targetId: sessionId } })).toBe(0);
  });

  it("more than is left after an earlier refund", async () => {
    const operator = await signUpOperator();
    const { sessionId, paymentIntentId } = await paidPack();
    await refund(operator, { checkoutSessionId: sessionId, amountCents: 300, reason: "first", submissionId: randomUUID() });

    const response = await refund(operator, { checkoutSessionId: sessionId, amountCents: 201, reason: "second", submissionId: randomUUID() });

    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { code: "amount_too_large", message: expect.stringMatching(/Only 200 of 500/) as unknown } });
    expect(await refundsAtStripe(paymentIntentId)).toEqual([300]);
  });

  it("a purchase that was never paid", async () => {
    const buyer = await signUpBuyer();
    const { sessionId } = await checkout(buyer, await sandbox.priceId("small_pack"));

    const response = await refund(await signUpOperator(), { checkoutSessionId: sessionId, reason: "r", submissionId: randomUUID() });

    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { code: "invalid_request", message: expect.stringMatching(/no payment to refund/) as unknown } });
  });
});
