import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureCatalogInStripe } from "@/lib/catalog/catalog-setup";
import { catalogPrices } from "@/lib/catalog/stripe-prices";
import { receiptUrlFor } from "@/lib/account/receipts";
import { settleCheckoutFromStripe } from "@/lib/payments/apply-stripe-state";
import { stripe } from "@/lib/stripe-gateway/client";
import { signUpBuyer, type TestBuyer } from "@/test-support/buyers";
import { checkout } from "@/test-support/route-calls";
import { startTestStripe, type TestStripe } from "@/test-support/test-stripe";
import { startSandbox, type Sandbox } from "@storefront/stripe-sandbox";

// Webhooks are off: each purchase is settled by reading Stripe, as the status route would.

async function priceOf(key: string): Promise<string> {
  const entry = (await catalogPrices()).find((p) => p.product.key === key);
  if (!entry) throw new Error(`no price for ${key}`);
  return entry.price.id;
}

async function paid(buyer: TestBuyer, productKey: string, pay: (sessionId: string) => Promise<unknown>): Promise<string> {
  const { sessionId } = await checkout(buyer, await priceOf(productKey));
  await pay(sessionId);
  await settleCheckoutFromStripe(sessionId);
  return sessionId;
}

describe("a buyer's receipt", () => {
  let sandbox: TestStripe;
  beforeAll(async () => {
    sandbox = await startTestStripe({ deliverWebhooks: false });
  });
  afterAll(() => sandbox.close());

  const payByCard = (sessionId: string) => sandbox.control(`/_sandbox/checkout/sessions/${sessionId}/pay`, { card: "4242424242424242" });

  it("is the charge's receipt page for a pack", async () => {
    const buyer = await signUpBuyer();
    const sessionId = await paid(buyer, "medium_pack", payByCard);
    const paymentIntent = await stripe().paymentIntents.retrieve(String((await stripe().checkout.sessions.retrieve(sessionId)).payment_intent));

    expect(await receiptUrlFor(buyer.id, sessionId)).toEqual({ kind: "found", url: `${sandbox.apiBase}/receipts/${String(paymentIntent.latest_charge)}` });
  });

  it("is the first invoice's hosted page for a subscription", async () => {
    const buyer = await signUpBuyer();
    const sessionId = await paid(buyer, "starter", payByCard);
    const invoiceId = String((await stripe().checkout.sessions.retrieve(sessionId)).invoice);

    expect(await receiptUrlFor(buyer.id, sessionId)).toEqual({ kind: "found", url: `${sandbox.apiBase}/i/${invoiceId}` });
  });

  it("is not found for another buyer's purchase, exactly as for one that does not exist", async () => {
    const owner = await signUpBuyer();
    const sessionId = await paid(owner, "small_pack", payByCard);
    const other = await signUpBuyer();

    expect(await receiptUrlFor(other.id, sessionId)).toEqual({ kind: "not_found" });
    expect(await receiptUrlFor(other.id, "cs_test_nosuchsession")).toEqual({ kind: "not_found" });
  });

  it("does not exist for a checkout that took no money", async () => {
    const buyer = await signUpBuyer();
    const { sessionId } = await checkout(buyer, await priceOf("small_pack"));
    expect(await receiptUrlFor(buyer.id, sessionId)).toEqual({ kind: "no_receipt" });

    await sandbox.control(`/_sandbox/checkout/sessions/${sessionId}/pay`, { card: "4000000000000002" });
    await settleCheckoutFromStripe(sessionId);
    expect(await receiptUrlFor(buyer.id, sessionId)).toEqual({ kind: "no_receipt" });
  });
});

describe("a receipt page Stripe names outside Stripe", () => {
  // A Stripe whose pages are served from a host that is neither Stripe's nor STRIPE_API_BASE.
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0, publicUrl: "https://pay.stripe.com.attacker.example", webhookEndpoints: [] });
    Object.assign(process.env, { STRIPE_SECRET_KEY: "sk_test_elsewhere", STRIPE_API_BASE: sandbox.url });
    await ensureCatalogInStripe();
  });
  afterAll(() => sandbox.close());

  it("is never where the buyer is sent", async () => {
    const buyer = await signUpBuyer();
    const sessionId = await paid(buyer, "medium_pack", (id) =>
      fetch(`${sandbox.url}/_sandbox/checkout/sessions/${id}/pay`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ card: "4242424242424242" }),
      }),
    );
    const paymentIntent = String((await stripe().checkout.sessions.retrieve(sessionId)).payment_intent);
    expect((await stripe().charges.list({ payment_intent: paymentIntent })).data[0]?.receipt_url).toMatch(/^https:\/\/pay\.stripe\.com\.attacker\.example\//);

    expect(await receiptUrlFor(buyer.id, sessionId)).toEqual({ kind: "no_receipt" });
  });
});
