import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as changeRoute } from "@/app/api/plan/change/route";
import { POST as previewRoute } from "@/app/api/plan/preview/route";
import { db } from "@/lib/db";
import { stripe } from "@/lib/stripe-gateway/client";
import { signUpBuyer, type TestBuyer } from "@/test-support/buyers";
import { checkout, requestCheckout, statusOf } from "@/test-support/route-calls";
import { startTestStripe, type TestStripe } from "@/test-support/test-stripe";
import { newEventDeliverer } from "@/test-support/new-events";

// Moving between plans in the app never makes a second subscription, and a buyer pays once for
// any stretch of time. Webhooks are delivered by the test: every event not yet delivered, twice,
// in a seeded random order (a failure prints how to replay it).

let sandbox: TestStripe;
beforeAll(async () => {
  sandbox = await startTestStripe({ deliverWebhooks: false });
});
afterAll(() => sandbox.close());

const deliverNewEvents = newEventDeliverer();

function post(route: typeof changeRoute, buyer: TestBuyer, body: unknown): Promise<Response> {
  const headers = new Headers(buyer.headers);
  headers.set("content-type", "application/json");
  return route(new Request("http://app.test/api/plan", { method: "POST", headers, body: JSON.stringify(body) }), undefined);
}

async function subscribe(buyer: TestBuyer, plan: "starter" | "advanced"): Promise<string> {
  const { sessionId } = await checkout(buyer, await sandbox.priceId(plan));
  await sandbox.control(`/_sandbox/checkout/sessions/${sessionId}/pay`, { card: "4242424242424242" });
  expect(await statusOf(buyer, sessionId)).toBe("paid");
  await deliverNewEvents();
  return (await db.plan.findUniqueOrThrow({ where: { userId: buyer.id } })).sourceId;
}

async function customerOf(buyer: TestBuyer): Promise<string> {
  return (await db.user.findUniqueOrThrow({ where: { id: buyer.id } })).stripeTestCustomerId ?? "";
}

const planOf = (buyer: TestBuyer) => db.plan.findUniqueOrThrow({ where: { userId: buyer.id } });

describe("upgrading", () => {
  it("charges exactly the prorated amount shown first, on the same one subscription", async () => {
    const buyer = await signUpBuyer();
    const subscriptionId = await subscribe(buyer, "starter");

    const preview = (await (await post(previewRoute, buyer, { plan: "advanced" })).json()) as { kind: string; amountDue: number; prorationDate: number };
    const changed = await post(changeRoute, buyer, { plan: "advanced", prorationDate: preview.prorationDate });
    await deliverNewEvents();

    expect(preview.kind).toBe("upgrade");
    expect(preview.amountDue).toBeGreaterThan(0);
    expect(changed.status).toBe(200);
    expect(await planOf(buyer)).toMatchObject({ tier: "advanced", status: "active", sourceId: subscriptionId });
    const subscriptions = await stripe().subscriptions.list({ customer: await customerOf(buyer) });
    expect(subscriptions.data).toHaveLength(1);
    const [latest] = (await stripe().invoices.list({ subscription: subscriptionId, limit: 1 })).data;
    expect(latest?.amount_paid).toBe(preview.amountDue);
  });

  it("leaves the plan as it was when the card is declined", async () => {
    const buyer = await signUpBuyer();
    const subscriptionId = await subscribe(buyer, "starter");
    const failing = await stripe().paymentMethods.attach("pm_card_chargeCustomerFail", { customer: await customerOf(buyer) });
    await stripe().subscriptions.update(subscriptionId, { default_payment_method: failing.id });

    const refused = await post(changeRoute, buyer, { plan: "professional" });
    await deliverNewEvents();

    expect(refused.status).toBe(402);
    expect(await refused.json()).toMatchObject({ error: { code: "payment_declined" } });
    expect(await planOf(buyer)).toMatchObject({ tier: "starter", status: "active" });
    const subscription = await stripe().subscriptions.retrieve(subscriptionId);
    expect(subscription.items.data[0]?.price.lookup_key).toBe("storefront_starter_monthly");
  });
});

describe("plan changes that make no sense", () => {
  it("are refused with a clear 4xx and change nothing", async () => {
    const subscriber = await signUpBuyer();
    await subscribe(subscriber, "starter");
    const stranger = await signUpBuyer();

    const same = await post(changeRoute, subscriber, { plan: "starter" });
    const unknown = await post(changeRoute, subscriber, { plan: "platinum" });
    const lifetime = await post(changeRoute, subscriber, { plan: "lifetime" });
    const notSubscribed = await post(changeRoute, stranger, { plan: "advanced" });
    const stalePreview = await post(changeRoute, subscriber, { plan: "advanced", prorationDate: 1_000_000_000 });

    expect([same.status, unknown.status, lifetime.status, notSubscribed.status, stalePreview.status]).toEqual([409, 400, 400, 409, 400]);
    expect(await same.json()).toMatchObject({ error: { code: "plan_unchanged" } });
    expect(await notSubscribed.json()).toMatchObject({ error: { code: "no_subscription" } });
    expect(await planOf(subscriber)).toMatchObject({ tier: "starter" });
  });
});

describe("Lifetime for a subscriber", () => {
  it("replaces the subscription at once, refunds the unused time, and refuses subscriptions afterwards", async () => {
    const buyer = await signUpBuyer();
    const subscriptionId = await subscribe(buyer, "advanced");

    const { sessionId } = await checkout(buyer, await sandbox.priceId("lifetime"));
    await sandbox.control(`/_sandbox/checkout/sessions/${sessionId}/pay`, { card: "4242424242424242" });
    expect(await statusOf(buyer, sessionId)).toBe("paid");
    await deliverNewEvents();

    expect(await planOf(buyer)).toMatchObject({ tier: "lifetime", status: "active", sourceId: sessionId, supersededSubscriptionId: null });
    expect((await stripe().subscriptions.retrieve(subscriptionId)).status).toBe("canceled");
    const [invoice] = (await stripe().invoices.list({ subscription: subscriptionId, limit: 1, expand: ["data.payments"] })).data;
    const paymentIntent = invoice?.payments?.data[0]?.payment.payment_intent;
    const refunds = await stripe().refunds.list({ payment_intent: typeof paymentIntent === "string" ? paymentIntent : "" });
    expect(refunds.data).toHaveLength(1);
    expect(refunds.data[0]?.amount).toBeGreaterThan(1400);

    const refused = await requestCheckout(buyer, { priceId: await sandbox.priceId("starter") });
    expect(refused.status).toBe(409);
  });
});

describe("downgrading", () => {
  it("keeps the current plan until the period ends, can be undone, and then bills the lower plan", async () => {
    const buyer = await signUpBuyer();
    const subscriptionId = await subscribe(buyer, "advanced");

    const chosen = (await (await post(changeRoute, buyer, { plan: "starter" })).json()) as { kind: string; effectiveAt: string };
    await deliverNewEvents();
    expect(chosen.kind).toBe("downgrade");
    expect(await planOf(buyer)).toMatchObject({ tier: "advanced", scheduledTier: "starter" });

    expect((await post(changeRoute, buyer, { plan: "advanced" })).status).toBe(200);
    await deliverNewEvents();
    expect(await planOf(buyer)).toMatchObject({ tier: "advanced", scheduledTier: null });

    expect((await post(changeRoute, buyer, { plan: "starter" })).status).toBe(200);
    await sandbox.control("/_sandbox/clock/advance", { seconds: 32 * 24 * 3600 });
    await deliverNewEvents();

    expect(await planOf(buyer)).toMatchObject({ tier: "starter", scheduledTier: null, status: "active" });
    expect((await stripe().subscriptions.list({ customer: await customerOf(buyer) })).data.map((s) => s.id)).toEqual([subscriptionId]);
    const [renewal] = (await stripe().invoices.list({ subscription: subscriptionId, limit: 1 })).data;
    expect(renewal?.amount_paid).toBe(500);
  });
});
