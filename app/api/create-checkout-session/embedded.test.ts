import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { stripe } from "@/lib/stripe-gateway/client";
import { signUpBuyer } from "@/test-support/buyers";
import { requestCheckout } from "@/test-support/route-calls";
import { startTestStripe, type TestStripe } from "@/test-support/test-stripe";

// Checkout inside the store's page: the same endpoint, asked for `"ui": "embedded"`, answers the
// client secret Stripe.js mounts the form with instead of a page to go to.

let sandbox: TestStripe;
beforeAll(async () => {
  sandbox = await startTestStripe({ deliverWebhooks: false });
});
afterAll(() => sandbox.close());
beforeEach(() => {
  process.env.STRIPE_PUBLISHABLE_KEY = "pk_test_embedded_checkout";
});
afterEach(() => {
  delete process.env.STRIPE_PUBLISHABLE_KEY;
  delete process.env.STOREFRONT_CHECKOUT_UI;
});

interface Started {
  url?: string;
  clientSecret?: string;
  sessionId: string;
}

async function started(response: Response): Promise<Started> {
  expect(response.status).toBe(200);
  return (await response.json()) as Started;
}

describe("an embedded Checkout", () => {
  it("answers the session's client secret, and the session returns the buyer to the success page", async () => {
    const buyer = await signUpBuyer();
    const answer = await started(await requestCheckout(buyer, { priceId: await sandbox.priceId("medium_pack"), ui: "embedded" }));

    expect(answer).toEqual({ clientSecret: expect.stringMatching(/^cs_test_\w+_secret_/), sessionId: expect.stringMatching(/^cs_test_/) });
    expect(answer.clientSecret?.startsWith(`${answer.sessionId}_secret_`)).toBe(true);
    const session = await stripe().checkout.sessions.retrieve(answer.sessionId);
    expect(session).toMatchObject({ ui_mode: "embedded_page", url: null, success_url: null, return_url: "http://app.test/success?session_id={CHECKOUT_SESSION_ID}" });
    const purchase = await db.purchase.findUniqueOrThrow({ where: { checkoutSessionId: answer.sessionId } });
    expect(purchase).toMatchObject({ userId: buyer.id, productKey: "medium_pack", status: "unpaid", checkoutUrl: null });
  });

  it("is the store's choice when a request names none (STOREFRONT_CHECKOUT_UI=embedded)", async () => {
    process.env.STOREFRONT_CHECKOUT_UI = "embedded";
    const buyer = await signUpBuyer();
    const answer = await started(await requestCheckout(buyer, { priceId: await sandbox.priceId("small_pack") }));
    expect(answer.clientSecret).toMatch(/_secret_/);
    expect(answer.url).toBeUndefined();
  });

  it("resumes an open session only in the UI it was made for: the same pack twice embedded is one session", async () => {
    const buyer = await signUpBuyer();
    const priceId = await sandbox.priceId("large_pack");
    const first = await started(await requestCheckout(buyer, { priceId, ui: "embedded" }));
    const again = await started(await requestCheckout(buyer, { priceId, ui: "embedded" }));
    const hosted = await started(await requestCheckout(buyer, { priceId, ui: "hosted" }));

    expect(again).toEqual(first);
    expect(hosted.sessionId).not.toBe(first.sessionId);
    expect(hosted.url).toMatch(/^http/);
  });

  it("expires a plan's open embedded session when the buyer turns to Stripe's page instead, so only one can be paid", async () => {
    const buyer = await signUpBuyer();
    const priceId = await sandbox.priceId("advanced");
    const embedded = await started(await requestCheckout(buyer, { priceId, ui: "embedded" }));
    const hosted = await started(await requestCheckout(buyer, { priceId, ui: "hosted" }));

    expect(hosted.sessionId).not.toBe(embedded.sessionId);
    expect((await stripe().checkout.sessions.retrieve(embedded.sessionId)).status).toBe("expired");
  });
});

describe("what an embedded Checkout refuses", () => {
  it("answers 400 checkout_ui_unavailable when the store has no publishable key, and opens nothing", async () => {
    delete process.env.STRIPE_PUBLISHABLE_KEY;
    const buyer = await signUpBuyer();
    const response = await requestCheckout(buyer, { priceId: await sandbox.priceId("small_pack"), ui: "embedded" });

    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { code: "checkout_ui_unavailable", type: "invalid_request_error" } });
    expect(await db.purchase.count({ where: { userId: buyer.id } })).toBe(0);
  });

  it("answers 400 for a UI it does not know, and 404 for a price the store does not sell", async () => {
    const buyer = await signUpBuyer();
    const unknownUi = await requestCheckout(buyer, { priceId: await sandbox.priceId("small_pack"), ui: "popup" });
    expect(unknownUi.status).toBe(400);
    expect(await unknownUi.json()).toMatchObject({ error: { type: "invalid_request_error" } });

    const unsold = await requestCheckout(buyer, { priceId: "price_NotInTheCatalog123", ui: "embedded" });
    expect(unsold.status).toBe(404);
    expect(await unsold.json()).toMatchObject({ error: { code: "price_not_found" } });
    expect(await db.purchase.count({ where: { userId: buyer.id } })).toBe(0);
  });
});
