import type Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { stripe } from "@/lib/stripe-gateway/client";
import { signUpBuyer, type TestBuyer } from "@/test-support/buyers";
import { checkout, deliver, statusOf } from "@/test-support/route-calls";
import { startTestStripe, type TestStripe } from "@/test-support/test-stripe";
import { newEventDeliverer } from "@/test-support/new-events";

// A plan's life after its first payment, driven by the sandbox's billing clock. Webhooks are
// delivered by the test itself: every event not yet delivered, shuffled (seeded: a failure prints
// how to replay it) and twice over, as a rough Stripe would.

let sandbox: TestStripe;
beforeAll(async () => {
  sandbox = await startTestStripe({ deliverWebhooks: false });
});
afterAll(() => sandbox.close());

const DAY = 24 * 3600;

const deliverNewEvents = newEventDeliverer();

async function advanceDays(days: number): Promise<void> {
  await sandbox.control("/_sandbox/clock/advance", { seconds: Math.round(days * DAY) });
}

async function subscribe(buyer: TestBuyer): Promise<string> {
  const { sessionId } = await checkout(buyer, await sandbox.priceId("starter"));
  await sandbox.control(`/_sandbox/checkout/sessions/${sessionId}/pay`, { card: "4242424242424242" });
  expect(await statusOf(buyer, sessionId)).toBe("paid");
  await deliverNewEvents();
  return (await db.plan.findUniqueOrThrow({ where: { userId: buyer.id } })).sourceId;
}

async function planOf(buyer: TestBuyer) {
  return db.plan.findUniqueOrThrow({ where: { userId: buyer.id } });
}

const invoicePaid = (subscriptionId: string) => (event: Stripe.Event) =>
  event.type === "invoice.paid" && (event.data.object as Stripe.Invoice).parent?.subscription_details?.subscription === subscriptionId;

describe("a monthly plan over time", () => {
  it("renews on time and resets its allowance exactly once per paid invoice, whatever the order of events", async () => {
    const buyer = await signUpBuyer();
    await subscribe(buyer);
    const first = await planOf(buyer);
    await db.plan.update({ where: { userId: buyer.id }, data: { allowanceUsed: 37 } });

    await advanceDays(32);
    await deliverNewEvents();

    const renewed = await planOf(buyer);
    expect(renewed).toMatchObject({ status: "active", subscriptionStatus: "active", allowanceUsed: 0 });
    expect(renewed.currentPeriodEnd?.getTime()).toBeGreaterThan(first.currentPeriodEnd?.getTime() ?? Infinity);
    expect(renewed.allowanceResetsAt).toEqual(renewed.currentPeriodEnd);

    await db.plan.update({ where: { userId: buyer.id }, data: { allowanceUsed: 5 } });
    const [paid] = (await stripe().events.list({ type: "invoice.paid", limit: 100 })).data;
    await deliver({ ...(paid as Stripe.Event), id: `${paid?.id}_copy` });
    expect((await planOf(buyer)).allowanceUsed).toBe(5);
  });

  it("shows past due when a renewal fails, and is active again once the buyer pays with a working card", async () => {
    const buyer = await signUpBuyer();
    const subscriptionId = await subscribe(buyer);
    const customer = (await db.user.findUniqueOrThrow({ where: { id: buyer.id } })).stripeTestCustomerId ?? "";
    const failing = await stripe().paymentMethods.attach("pm_card_chargeCustomerFail", { customer });
    await stripe().subscriptions.update(subscriptionId, { default_payment_method: failing.id });

    await advanceDays(32);
    await deliverNewEvents();
    expect(await planOf(buyer)).toMatchObject({ status: "active", subscriptionStatus: "past_due" });

    const working = await stripe().paymentMethods.attach("pm_card_visa", { customer });
    const [open] = (await stripe().invoices.list({ subscription: subscriptionId, status: "open" })).data;
    await stripe().invoices.pay(open?.id ?? "", { payment_method: working.id });
    await deliverNewEvents();

    expect(await planOf(buyer)).toMatchObject({ status: "active", subscriptionStatus: "active", allowanceUsed: 0 });
  });

  it("ends when every retry of a failed renewal has failed", async () => {
    const buyer = await signUpBuyer();
    const subscriptionId = await subscribe(buyer);
    const customer = (await db.user.findUniqueOrThrow({ where: { id: buyer.id } })).stripeTestCustomerId ?? "";
    const failing = await stripe().paymentMethods.attach("pm_card_chargeCustomerFail", { customer });
    await stripe().subscriptions.update(subscriptionId, { default_payment_method: failing.id });

    for (const days of [32, 4, 6, 8]) {
      await advanceDays(days);
      await deliverNewEvents();
    }

    expect(await planOf(buyer)).toMatchObject({ status: "canceled", subscriptionStatus: "canceled" });
  });

  it("ends at the period end after the buyer cancels, not before", async () => {
    const buyer = await signUpBuyer();
    const subscriptionId = await subscribe(buyer);

    await stripe().subscriptions.update(subscriptionId, { cancel_at_period_end: true });
    await deliverNewEvents();
    expect(await planOf(buyer)).toMatchObject({ status: "active", cancelAtPeriodEnd: true });

    await advanceDays(32);
    await deliverNewEvents();
    expect(await planOf(buyer)).toMatchObject({ status: "canceled", subscriptionStatus: "canceled" });
  });
});

describe("the allowance a paid invoice renews", () => {
  it("is not reset by a paid invoice for an earlier period that arrives after the renewal's", async () => {
    const buyer = await signUpBuyer();
    const { sessionId } = await checkout(buyer, await sandbox.priceId("starter"));
    await sandbox.control(`/_sandbox/checkout/sessions/${sessionId}/pay`, { card: "4242424242424242" });
    expect(await statusOf(buyer, sessionId)).toBe("paid");
    const subscriptionId = (await planOf(buyer)).sourceId;
    const [late] = await deliverNewEvents(invoicePaid(subscriptionId));
    if (!late) throw new Error(`no invoice.paid for ${subscriptionId}'s first invoice`);

    await advanceDays(32);
    await deliverNewEvents();
    const renewed = await planOf(buyer);
    expect(renewed.allowanceInvoiceId).not.toBe((late.data.object as Stripe.Invoice).id);
    await db.plan.update({ where: { userId: buyer.id }, data: { allowanceUsed: 9 } });

    expect((await deliver(late)).status).toBe(200);

    expect(await planOf(buyer)).toMatchObject({ allowanceUsed: 9, allowanceInvoiceId: renewed.allowanceInvoiceId, allowanceResetsAt: renewed.allowanceResetsAt });
  });

  it("is reset once per paid invoice, even on a plan whose reset date is not known", async () => {
    const buyer = await signUpBuyer();
    const subscriptionId = await subscribe(buyer);
    const [paid] = (await stripe().events.list({ type: "invoice.paid", limit: 100 })).data.filter(invoicePaid(subscriptionId));
    if (!paid) throw new Error(`no invoice.paid for ${subscriptionId}`);
    expect((await planOf(buyer)).allowanceInvoiceId).toBe((paid.data.object as Stripe.Invoice).id);
    // A plan granted before Stripe reported the period: only the invoice id tells a repeat apart.
    await db.plan.update({ where: { userId: buyer.id }, data: { allowanceUsed: 12, allowanceResetsAt: null } });

    expect((await deliver({ ...paid, id: `${paid.id}_resent` })).status).toBe(200);

    expect(await planOf(buyer)).toMatchObject({ allowanceUsed: 12 });
  });
});
