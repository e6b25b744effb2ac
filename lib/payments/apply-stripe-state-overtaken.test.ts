import type Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { stripe } from "@/lib/stripe-gateway/client";
import { signUpBuyer, type TestBuyer } from "@/test-support/buyers";
import { newEventDeliverer } from "@/test-support/new-events";
import { checkout, deliver, statusOf } from "@/test-support/route-calls";
import { startTestStripe, type TestStripe } from "@/test-support/test-stripe";

// Lifetime bought over a subscription, when the first event the storefront hears of the Lifetime
// payment is its chargeback or its refund rather than its checkout's completion (Stripe promises
// no order). Found by the plan lifecycle property (e2e/chaos/plan-lifecycle.test.ts): the plan was
// granted from the dispute or refund, the replaced subscription was never canceled, and it billed
// the Lifetime owner at its next renewal.

let sandbox: TestStripe;
beforeAll(async () => {
  sandbox = await startTestStripe({ deliverWebhooks: false });
});
afterAll(() => sandbox.close());

const deliverNewEvents = newEventDeliverer();

async function subscribed(buyer: TestBuyer): Promise<string> {
  const { sessionId } = await checkout(buyer, await sandbox.priceId("starter"));
  await sandbox.control(`/_sandbox/checkout/sessions/${sessionId}/pay`, { card: "4242424242424242" });
  expect(await statusOf(buyer, sessionId)).toBe("paid");
  await deliverNewEvents();
  return (await db.plan.findUniqueOrThrow({ where: { userId: buyer.id } })).sourceId;
}

async function lifetimePaidWith(buyer: TestBuyer, card: string): Promise<string> {
  const { sessionId } = await checkout(buyer, await sandbox.priceId("lifetime"));
  await sandbox.control(`/_sandbox/checkout/sessions/${sessionId}/pay`, { card });
  return sessionId;
}

async function expectReplaced(buyer: TestBuyer, subscriptionId: string): Promise<void> {
  expect(await db.plan.findUniqueOrThrow({ where: { userId: buyer.id } })).toMatchObject({ tier: "lifetime", status: "active", supersededSubscriptionId: null });
  expect((await stripe().subscriptions.retrieve(subscriptionId)).status).toBe("canceled");
  expect(await db.replacedSubscriptionCredit.findUnique({ where: { subscriptionId } })).toMatchObject({ status: "refunded" });
}

/** The payment's own events, held back so that the chargeback's or refund's arrive first. */
const checkoutEvents = (event: Stripe.Event): boolean =>
  event.type.startsWith("checkout.session.") || event.type.startsWith("payment_intent.") || event.type === "charge.succeeded" || event.type === "charge.updated";

describe("Lifetime over a subscription, heard of first through money taken back", () => {
  it("cancels the replaced subscription and credits its unused time when the chargeback's event comes before the checkout's", async () => {
    const buyer = await signUpBuyer();
    const subscriptionId = await subscribed(buyer);
    await lifetimePaidWith(buyer, "4000000000000259");

    const held = await deliverNewEvents(checkoutEvents);
    await expectReplaced(buyer, subscriptionId);

    for (const event of held) expect((await deliver(event)).status, `${event.type} ${event.id}`).toBe(200);
    await expectReplaced(buyer, subscriptionId);
  });

  it("cancels the replaced subscription and credits its unused time when a refund's event comes before the checkout's", async () => {
    const buyer = await signUpBuyer();
    const subscriptionId = await subscribed(buyer);
    const sessionId = await lifetimePaidWith(buyer, "4242424242424242");
    const intent = (await stripe().checkout.sessions.retrieve(sessionId)).payment_intent;
    await stripe().refunds.create({ payment_intent: typeof intent === "string" ? intent : (intent?.id ?? ""), amount: 1_000 });

    const held = await deliverNewEvents(checkoutEvents);
    await expectReplaced(buyer, subscriptionId);

    for (const event of held) expect((await deliver(event)).status, `${event.type} ${event.id}`).toBe(200);
    await expectReplaced(buyer, subscriptionId);
  });
});
