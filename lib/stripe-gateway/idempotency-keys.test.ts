import type Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { products } from "@/lib/catalog/products";
import { refundAsOperator } from "@/lib/payments/operator-refund";
import { createCheckoutSession, createCustomer } from "@/lib/stripe-gateway/checkout-sessions";
import { stripe } from "@/lib/stripe-gateway/client";
import { refundForReason } from "@/lib/stripe-gateway/period-payments";
import { signUpBuyer } from "@/test-support/buyers";
import { checkout } from "@/test-support/route-calls";
import { startTestStripe, type TestStripe } from "@/test-support/test-stripe";

// Stripe shows, on each object's creation event, the idempotency key of the request that made it,
// as the Dashboard's request log does for an operator. Each write the storefront makes carries a
// key naming its logical attempt, so a network retry of that request can never make a second one.

let sandbox: TestStripe;
beforeAll(async () => {
  sandbox = await startTestStripe({ deliverWebhooks: false });
});
afterAll(() => sandbox.close());

async function keyThatCreated(type: string, objectId: string): Promise<string | null | undefined> {
  for await (const event of stripe().events.list({ type, limit: 100 })) {
    if ((event.data.object as { id: string }).id === objectId) return event.request?.idempotency_key;
  }
  throw new Error(`no ${type} event for ${objectId}`);
}

describe("the idempotency key Stripe saw", () => {
  it("names the buyer and the checkout start on the customer the storefront creates", async () => {
    const buyer = await signUpBuyer();
    const { sessionId } = await checkout(buyer, await sandbox.priceId("small_pack"));
    const session = await stripe().checkout.sessions.retrieve(sessionId);

    expect(await keyThatCreated("customer.created", String(session.customer))).toMatch(new RegExp(`^customer:${buyer.id}:[0-9a-f-]{36}$`));
  });
  it("names the catalog entry on each product and price the storefront set up", async () => {
    const pack = products.find((p) => p.key === "small_pack");
    if (!pack) throw new Error("no small_pack in the catalog");
    const [price] = (await stripe().prices.list({ lookup_keys: [pack.lookupKey], expand: ["data.product"] })).data;
    const product = price?.product as Stripe.Product | undefined;

    expect(await keyThatCreated("product.created", String(product?.id))).toBe(`product:${pack.key}`);
    expect(await keyThatCreated("price.created", String(price?.id))).toBe(`price:${pack.lookupKey}`);
  });

  it("names the payment, the amount and the reason on an operator's refund", async () => {
    const buyer = await signUpBuyer();
    const { sessionId } = await checkout(buyer, await sandbox.priceId("medium_pack"));
    await sandbox.control(`/_sandbox/checkout/sessions/${sessionId}/pay`, { card: "4242424242424242" });

    const refund = await refundAsOperator(sessionId, 100, "goodwill");

    expect(refund).not.toBeNull();
    expect(await keyThatCreated("refund.created", String(refund?.refundId))).toBe(`refund:operator:${refund?.paymentIntentId}:100:goodwill`);
  });
});

describe("a write sent again under the same attempt", () => {
  it("gets the same customer and the same Checkout Session back, never a second one; another attempt makes new ones", async () => {
    const buyer = { id: `user_${crypto.randomUUID()}`, email: "twice@example.com" };
    const customer = await createCustomer(buyer, "attempt-1");
    expect(await createCustomer(buyer, "attempt-1")).toBe(customer);
    expect(await createCustomer(buyer, "attempt-2")).not.toBe(customer);

    const params: Stripe.Checkout.SessionCreateParams = {
      mode: "payment",
      customer,
      line_items: [{ price: await sandbox.priceId("small_pack"), quantity: 1 }],
      success_url: "http://app.test/success?session_id={CHECKOUT_SESSION_ID}",
      cancel_url: "http://app.test/",
    };
    const session = await createCheckoutSession(params, "attempt-1");
    expect((await createCheckoutSession(params, "attempt-1")).id).toBe(session.id);
    expect((await createCheckoutSession(params, "attempt-2")).id).not.toBe(session.id);
  });

  it("refunds a payment once for one reason, however often it is asked", async () => {
    const buyer = await signUpBuyer();
    const { sessionId } = await checkout(buyer, await sandbox.priceId("medium_pack"));
    await sandbox.control(`/_sandbox/checkout/sessions/${sessionId}/pay`, { card: "4242424242424242" });
    const paymentIntent = String((await stripe().checkout.sessions.retrieve(sessionId)).payment_intent);

    await refundForReason(paymentIntent, 100, "replaced_sub_test");
    await refundForReason(paymentIntent, 100, "replaced_sub_test");

    expect((await stripe().refunds.list({ payment_intent: paymentIntent })).data.map((r) => r.amount)).toEqual([100]);
  });
});
