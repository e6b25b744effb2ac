import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as changeRoute } from "@/app/api/plan/change/route";
import { POST as previewRoute } from "@/app/api/plan/preview/route";
import { productByKey } from "@/lib/catalog/products";
import { db } from "@/lib/db";
import { stripe } from "@/lib/stripe-gateway/client";
import { signUpBuyer, type TestBuyer } from "@/test-support/buyers";
import { checkout, statusOf } from "@/test-support/route-calls";
import { startTestStripe, type TestStripe } from "@/test-support/test-stripe";
import { newEventDeliverer } from "@/test-support/new-events";

// An upgrade during Starter's free trial ends the trial: the higher plan is charged in full from
// that day, as the preview said, and a declined card changes nothing. Webhooks are delivered by
// the test (every new event, twice, in a seeded random order).

let sandbox: TestStripe;
beforeAll(async () => {
  process.env.STOREFRONT_STARTER_TRIAL_DAYS = "7";
  sandbox = await startTestStripe({ deliverWebhooks: false });
});
afterAll(async () => {
  await sandbox.close();
  delete process.env.STOREFRONT_STARTER_TRIAL_DAYS;
});

const deliverNewEvents = newEventDeliverer();
const advancedMonth = productByKey("advanced")?.cents;

function post(route: typeof changeRoute, buyer: TestBuyer, body: unknown): Promise<Response> {
  const headers = new Headers(buyer.headers);
  headers.set("content-type", "application/json");
  return route(new Request("http://app.test/api/plan", { method: "POST", headers, body: JSON.stringify(body) }), undefined);
}

/** Starts Starter's trial through the store's checkout; answers the subscription's id. */
async function startTrial(buyer: TestBuyer): Promise<string> {
  const { sessionId } = await checkout(buyer, await sandbox.priceId("starter"));
  await sandbox.control(`/_sandbox/checkout/sessions/${sessionId}/pay`, { card: "4242424242424242" });
  expect(await statusOf(buyer, sessionId)).toBe("no_payment_required");
  await deliverNewEvents();
  const plan = await planOf(buyer);
  expect(plan).toMatchObject({ tier: "starter", status: "active", subscriptionStatus: "trialing" });
  return plan.sourceId;
}

const planOf = (buyer: TestBuyer) => db.plan.findUniqueOrThrow({ where: { userId: buyer.id } });

async function customerOf(buyer: TestBuyer): Promise<string> {
  return (await db.user.findUniqueOrThrow({ where: { id: buyer.id } })).stripeTestCustomerId ?? "";
}

describe("upgrading during Starter's free trial", () => {
  it("ends the trial and charges Advanced's full month at once, as previewed", async () => {
    const buyer = await signUpBuyer();
    const subscriptionId = await startTrial(buyer);

    const preview = (await (await post(previewRoute, buyer, { plan: "advanced" })).json()) as { kind: string; amountDue: number; prorationDate: number };
    const changed = await post(changeRoute, buyer, { plan: "advanced", prorationDate: preview.prorationDate });
    await deliverNewEvents();

    expect(advancedMonth).toBe(1500);
    expect(preview).toMatchObject({ kind: "upgrade", amountDue: advancedMonth });
    expect(changed.status).toBe(200);
    expect(await changed.json()).toMatchObject({ kind: "upgrade", amountDue: advancedMonth });
    expect(await planOf(buyer)).toMatchObject({ tier: "advanced", status: "active", subscriptionStatus: "active", sourceId: subscriptionId });
    const subscription = await stripe().subscriptions.retrieve(subscriptionId);
    expect(subscription.status).toBe("active");
    expect(subscription.items.data[0]?.price.lookup_key).toBe("storefront_advanced_monthly");
    expect((await stripe().subscriptions.list({ customer: await customerOf(buyer) })).data).toHaveLength(1);
    const latest = await stripe().invoices.retrieve(String(subscription.latest_invoice));
    expect(latest).toMatchObject({ status: "paid", amount_paid: advancedMonth });
  });

  it("changes nothing when the card is declined: still Starter, still on trial", async () => {
    const buyer = await signUpBuyer();
    const subscriptionId = await startTrial(buyer);
    const failing = await stripe().paymentMethods.attach("pm_card_chargeCustomerFail", { customer: await customerOf(buyer) });
    await stripe().subscriptions.update(subscriptionId, { default_payment_method: failing.id });
    const invoicesBefore = (await stripe().invoices.list({ subscription: subscriptionId })).data.length;

    const refused = await post(changeRoute, buyer, { plan: "advanced" });
    await deliverNewEvents();

    expect(refused.status).toBe(402);
    expect(await refused.json()).toMatchObject({ error: { code: "payment_declined" } });
    expect(await planOf(buyer)).toMatchObject({ tier: "starter", status: "active", subscriptionStatus: "trialing" });
    const subscription = await stripe().subscriptions.retrieve(subscriptionId);
    expect(subscription.status).toBe("trialing");
    expect(subscription.items.data[0]?.price.lookup_key).toBe("storefront_starter_monthly");
    expect((await stripe().invoices.list({ subscription: subscriptionId })).data).toHaveLength(invoicesBefore);
  });
});
