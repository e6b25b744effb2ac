import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { stripe } from "@/lib/stripe-gateway/client";
import { signUpBuyer, type TestBuyer } from "@/test-support/buyers";
import { checkout, coinsOf, requestStatus, statusOf } from "@/test-support/route-calls";
import { startTestStripe, type TestStripe } from "@/test-support/test-stripe";

// Webhooks are off: every answer here comes from the status route re-reading Stripe itself, which
// is what a buyer gets when a webhook is lost or late.

let sandbox: TestStripe;
beforeAll(async () => {
  sandbox = await startTestStripe({ deliverWebhooks: false });
});
afterAll(() => sandbox.close());

async function smallPackCheckout(buyer: TestBuyer): Promise<string> {
  return (await checkout(buyer, await sandbox.priceId("small_pack"))).sessionId;
}

const pay = (sessionId: string, body: object) => sandbox.control(`/_sandbox/checkout/sessions/${sessionId}/pay`, body);

/** How often Stripe has been asked for this session, from the sandbox's request log. */
async function stripeReadsOf(sessionId: string): Promise<number> {
  const path = encodeURIComponent(`/v1/checkout/sessions/${sessionId}`);
  return ((await sandbox.control(`/_sandbox/requests?path=${path}`)) as { count: number }).count;
}

describe("GET /api/check-payment-status/:sessionId", () => {
  it("is unpaid before the buyer pays", async () => {
    const buyer = await signUpBuyer();
    expect(await statusOf(buyer, await smallPackCheckout(buyer))).toBe("unpaid");
  });

  it("is paid after a card payment, and delivers the coins even though no webhook came", async () => {
    const buyer = await signUpBuyer();
    const sessionId = await smallPackCheckout(buyer);
    await pay(sessionId, { card: "4242424242424242" });

    expect(await statusOf(buyer, sessionId)).toBe("paid");
    expect(await statusOf(buyer, sessionId)).toBe("paid");
    expect(await coinsOf(buyer.id)).toEqual({ balance: 200, ledgerEntries: 1, ledgerSum: 200 });
  });

  it("is failed after a declined card, and paid once the buyer retries with a good card", async () => {
    const buyer = await signUpBuyer();
    const sessionId = await smallPackCheckout(buyer);
    await pay(sessionId, { card: "4000000000000002" });
    expect(await statusOf(buyer, sessionId)).toBe("failed");

    await pay(sessionId, { card: "4242424242424242" });
    expect(await statusOf(buyer, sessionId)).toBe("paid");
    expect((await coinsOf(buyer.id)).balance).toBe(200);
  });

  it("is processing while a bank debit settles, then paid", async () => {
    const buyer = await signUpBuyer();
    const sessionId = await smallPackCheckout(buyer);
    await pay(sessionId, { method: "async_bank_debit" });
    expect(await statusOf(buyer, sessionId)).toBe("processing");
    expect((await coinsOf(buyer.id)).balance).toBe(0);

    const session = await stripe().checkout.sessions.retrieve(sessionId);
    await sandbox.control(`/_sandbox/payment_intents/${String(session.payment_intent)}/settle`, { outcome: "succeeded" });
    expect(await statusOf(buyer, sessionId)).toBe("paid");
    expect((await coinsOf(buyer.id)).balance).toBe(200);
  });

  it.each([
    ["succeeded", "paid", "active"],
    ["failed", "failed", null],
  ] as const)("settles a subscription paid by bank debit: %s → %s, never stuck processing", async (outcome, status, plan) => {
    const buyer = await signUpBuyer();
    const { sessionId } = await checkout(buyer, await sandbox.priceId("starter"));
    await pay(sessionId, { method: "async_bank_debit" });
    expect(await statusOf(buyer, sessionId)).toBe("processing");

    const session = await stripe().checkout.sessions.retrieve(sessionId);
    const [payment] = (await stripe().invoicePayments.list({ invoice: String(session.invoice) })).data;
    await sandbox.control(`/_sandbox/payment_intents/${String(payment?.payment.payment_intent)}/settle`, { outcome });

    expect(await statusOf(buyer, sessionId)).toBe(status);
    expect((await db.plan.findUnique({ where: { userId: buyer.id } }))?.status ?? null).toBe(plan);
  });

  it("is failed when a bank debit fails to settle", async () => {
    const buyer = await signUpBuyer();
    const sessionId = await smallPackCheckout(buyer);
    await pay(sessionId, { method: "async_bank_debit" });
    const session = await stripe().checkout.sessions.retrieve(sessionId);
    await sandbox.control(`/_sandbox/payment_intents/${String(session.payment_intent)}/settle`, { outcome: "failed" });

    expect(await statusOf(buyer, sessionId)).toBe("failed");
    expect((await coinsOf(buyer.id)).balance).toBe(0);
  });

  it("is expired once the checkout expires", async () => {
    const buyer = await signUpBuyer();
    const sessionId = await smallPackCheckout(buyer);
    await stripe().checkout.sessions.expire(sessionId);
    expect(await statusOf(buyer, sessionId)).toBe("expired");
  });

  it("answers only the session's owner: anyone else gets 404, as for a session that does not exist", async () => {
    const owner = await signUpBuyer();
    const sessionId = await smallPackCheckout(owner);
    const stranger = await signUpBuyer();

    const theirs = await requestStatus(stranger, sessionId);
    const missing = await requestStatus(stranger, "cs_test_doesnotexist");

    expect(theirs.status).toBe(404);
    expect(await theirs.json()).toEqual(await missing.json());
    expect(missing.status).toBe(404);
  });

  it("asks for sign-in (401) and refuses malformed ids (400)", async () => {
    const buyer = await signUpBuyer();
    expect((await requestStatus(null, await smallPackCheckout(buyer))).status).toBe(401);
    expect(await (await requestStatus(buyer, "not-a-session")).json()).toMatchObject({ error: { code: "invalid_request" } });
  });

  it("answers a client over the rate limit 429 without asking Stripe about its unsettled payment", async () => {
    const buyer = await signUpBuyer();
    const sessionId = await smallPackCheckout(buyer);
    const overLimit: TestBuyer = { ...buyer, headers: new Headers(buyer.headers) };
    overLimit.headers.set("x-forwarded-for", `198.51.100.${Math.floor(Math.random() * 250) + 1}`);
    for (let request = 0; request < 100; request++) expect((await requestStatus(overLimit, "cs_test_notasession")).status).toBe(404);
    await pay(sessionId, { card: "4242424242424242" });
    const readsBefore = await stripeReadsOf(sessionId);

    const refused = await requestStatus(overLimit, sessionId);

    expect(refused.status).toBe(429);
    expect(await refused.json()).toMatchObject({ error: { code: "rate_limit_exceeded" } });
    expect(await stripeReadsOf(sessionId)).toBe(readsBefore);
    expect(await db.purchase.findUniqueOrThrow({ where: { checkoutSessionId: sessionId } })).toMatchObject({ status: "unpaid", fulfilledAt: null });
    expect((await coinsOf(buyer.id)).balance).toBe(0);
  });
});
