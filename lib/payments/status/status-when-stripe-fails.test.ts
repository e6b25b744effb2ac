import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db";
import { settleCheckoutFromStripe } from "@/lib/payments/apply-stripe-state";
import { signUpBuyer, type TestBuyer } from "@/test-support/buyers";
import { checkout, requestStatus } from "@/test-support/route-calls";
import { startTestStripe, type TestStripe } from "@/test-support/test-stripe";

// The buyer's status poll asks Stripe about a payment not settled yet. When Stripe cannot answer,
// the poll answers the last status it knows and asks again later; when the answer cannot be
// settled at all, it fails loudly rather than passing an old status off as the news.

let sandbox: TestStripe;
beforeAll(async () => {
  sandbox = await startTestStripe({ deliverWebhooks: false });
});
afterAll(() => sandbox.close());
afterEach(() => {
  vi.restoreAllMocks();
});

async function paidCheckout(buyer: TestBuyer): Promise<string> {
  const { sessionId } = await checkout(buyer, await sandbox.priceId("small_pack"));
  await sandbox.control(`/_sandbox/checkout/sessions/${sessionId}/pay`, { card: "4242424242424242" });
  return sessionId;
}

async function stripeReadsOf(sessionId: string): Promise<number> {
  const path = encodeURIComponent(`/v1/checkout/sessions/${sessionId}`);
  return ((await sandbox.control(`/_sandbox/requests?path=${path}`)) as { count: number }).count;
}

/** As if another reader had stored a read of the open session that ends after any read this test can start. */
const storedReadFromTheFuture = (sessionId: string) =>
  db.purchase.update({ where: { checkoutSessionId: sessionId }, data: { sessionStatus: "open", stripeReadAt: new Date(Date.now() + 3_600_000) } });

const unpaidCheckout = async (buyer: TestBuyer) => (await checkout(buyer, await sandbox.priceId("small_pack"))).sessionId;

describe("the buyer's status poll", () => {
  it("answers the last status it knows while Stripe cannot be reached, and settles the payment once Stripe is back", async () => {
    const buyer = await signUpBuyer();
    const sessionId = await paidCheckout(buyer);
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));

    process.env.STRIPE_API_BASE = `http://127.0.0.1:${port}`;
    let whileDown: Response;
    try {
      whileDown = await requestStatus(buyer, sessionId);
    } finally {
      process.env.STRIPE_API_BASE = sandbox.apiBase;
    }

    expect(whileDown.status).toBe(200);
    expect(await whileDown.json()).toEqual({ status: "unpaid" });
    expect(await (await requestStatus(buyer, sessionId)).json()).toEqual({ status: "paid" });
  });

  it("fails, rather than answer an old status, when every read of Stripe is older than what is stored", async () => {
    const buyer = await signUpBuyer();
    const sessionId = await unpaidCheckout(buyer);
    await storedReadFromTheFuture(sessionId);
    vi.spyOn(console, "error").mockImplementation(() => undefined);

    const response = await requestStatus(buyer, sessionId);

    expect(response.status).toBe(500);
    expect(await response.json()).toMatchObject({ error: { code: "internal_error" } });
  });
});

describe("settling a checkout from Stripe", () => {
  it("reads Stripe three times at most while each read is older than the stored one, then says so", async () => {
    const buyer = await signUpBuyer();
    const sessionId = await unpaidCheckout(buyer);
    await storedReadFromTheFuture(sessionId);
    const readsBefore = await stripeReadsOf(sessionId);

    await expect(settleCheckoutFromStripe(sessionId)).rejects.toThrow(`checkout session ${sessionId} changed under 3 consecutive reads; try again`);

    expect((await stripeReadsOf(sessionId)) - readsBefore).toBe(3);
    expect(await db.purchase.findUniqueOrThrow({ where: { checkoutSessionId: sessionId } })).toMatchObject({ status: "unpaid", fulfilledAt: null });
  });
});
