import type Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as changeRoute } from "@/app/api/plan/change/route";
import { db } from "@/lib/db";
import { retireSupersededSubscription } from "@/lib/payments/plans/replaced-subscription";
import { stripe } from "@/lib/stripe-gateway/client";
import { signUpBuyer, type TestBuyer } from "@/test-support/buyers";
import { checkout, statusOf } from "@/test-support/route-calls";
import { startTestStripe, type TestStripe } from "@/test-support/test-stripe";
import { newEventDeliverer } from "@/test-support/new-events";

// Lifetime bought over a subscription, against the sandbox's billing clock: the subscription is
// canceled, and the buyer gets back exactly the unused part of what they paid for the current
// period (lib/payments/plans/unused-time.ts), once.

let sandbox: TestStripe;
beforeAll(async () => {
  sandbox = await startTestStripe({ deliverWebhooks: false });
});
afterAll(() => sandbox.close());

const deliverNewEvents = newEventDeliverer();

async function advanceSeconds(seconds: number): Promise<void> {
  await sandbox.control("/_sandbox/clock/advance", { seconds: Math.round(seconds) });
  await deliverNewEvents();
}

async function pay(buyer: TestBuyer, product: "starter" | "professional" | "lifetime"): Promise<string> {
  const { sessionId } = await checkout(buyer, await sandbox.priceId(product));
  await sandbox.control(`/_sandbox/checkout/sessions/${sessionId}/pay`, { card: "4242424242424242" });
  expect(await statusOf(buyer, sessionId)).toBe("paid");
  await deliverNewEvents();
  return sessionId;
}

async function subscription(buyer: TestBuyer): Promise<Stripe.Subscription> {
  const { sourceId } = await db.plan.findUniqueOrThrow({ where: { userId: buyer.id } });
  return stripe().subscriptions.retrieve(sourceId);
}

async function refundsOf(subscriptionId: string): Promise<Stripe.Refund[]> {
  const refunds: Stripe.Refund[] = [];
  for (const invoice of (await stripe().invoices.list({ subscription: subscriptionId, expand: ["data.payments"] })).data) {
    const intent = invoice.payments?.data[0]?.payment.payment_intent;
    if (typeof intent === "string") refunds.push(...(await stripe().refunds.list({ payment_intent: intent })).data);
  }
  return refunds.filter((refund) => refund.metadata?.reason?.startsWith("replaced_"));
}

/** When the Lifetime payment was made, on Stripe's clock. */
async function lifetimePaidAt(sessionId: string): Promise<number> {
  const session = await stripe().checkout.sessions.retrieve(sessionId, { expand: ["payment_intent.latest_charge"] });
  return ((session.payment_intent as Stripe.PaymentIntent).latest_charge as Stripe.Charge).created;
}

function periodOf(subscription: Stripe.Subscription): { start: number; end: number } {
  const item = subscription.items.data[0];
  return { start: item?.current_period_start ?? 0, end: item?.current_period_end ?? 0 };
}

describe("Lifetime over a subscription", () => {
  it("refunds nothing when the current period's renewal was never paid, and still cancels the subscription", async () => {
    const buyer = await signUpBuyer();
    await pay(buyer, "professional");
    const sub = await subscription(buyer);
    const customer = (await db.user.findUniqueOrThrow({ where: { id: buyer.id } })).stripeTestCustomerId ?? "";
    const failing = await stripe().paymentMethods.attach("pm_card_chargeCustomerFail", { customer });
    await stripe().subscriptions.update(sub.id, { default_payment_method: failing.id });
    const { start, end } = periodOf(sub);
    await advanceSeconds(end - start + 3600);
    expect((await stripe().subscriptions.retrieve(sub.id)).status).toBe("past_due");

    await pay(buyer, "lifetime");

    expect(await refundsOf(sub.id)).toEqual([]);
    expect((await stripe().subscriptions.retrieve(sub.id)).status).toBe("canceled");
    expect(await db.replacedSubscriptionCredit.findUnique({ where: { subscriptionId: sub.id } })).toMatchObject({ amountCents: 0, refundedCents: 0, status: "refunded" });
    expect(await db.plan.findUniqueOrThrow({ where: { userId: buyer.id } })).toMatchObject({ tier: "lifetime", status: "active", supersededSubscriptionId: null });
  });

  it("refunds the unused time of the upgraded plan, not a share of the upgrade's proration invoice", async () => {
    const buyer = await signUpBuyer();
    await pay(buyer, "starter");
    const sub = await subscription(buyer);
    const { start, end } = periodOf(sub);
    await advanceSeconds((end - start) * 0.2);
    const upgrade = await changeRoute(
      new Request("http://app.test/api/plan/change", { method: "POST", headers: { ...Object.fromEntries(buyer.headers), "content-type": "application/json" }, body: JSON.stringify({ plan: "professional" }) }),
      undefined,
    );
    expect(upgrade.status).toBe(200);
    await deliverNewEvents();
    await advanceSeconds((end - start) * 0.2);

    const lifetime = await pay(buyer, "lifetime");

    const expected = Math.round((9900 * (end - (await lifetimePaidAt(lifetime)))) / (end - start));
    const refunds = await refundsOf(sub.id);
    expect(refunds.reduce((sum, refund) => sum + refund.amount, 0)).toBe(expected);
    expect(expected).toBeGreaterThan(5500);
    expect((await stripe().subscriptions.retrieve(sub.id)).status).toBe("canceled");
  });

  it("refunds at most what is left of the payment after an operator's refund, and the old plan never bills again", async () => {
    const buyer = await signUpBuyer();
    await pay(buyer, "professional");
    const sub = await subscription(buyer);
    const [invoice] = (await stripe().invoices.list({ subscription: sub.id, expand: ["data.payments"] })).data;
    const paymentIntent = String(invoice?.payments?.data[0]?.payment.payment_intent);
    await stripe().refunds.create({ payment_intent: paymentIntent, amount: 5000 });
    await deliverNewEvents();

    await pay(buyer, "lifetime");

    expect((await refundsOf(sub.id)).map((refund) => refund.amount)).toEqual([4900]);
    expect(await db.replacedSubscriptionCredit.findUnique({ where: { subscriptionId: sub.id } })).toMatchObject({ refundedCents: 4900, status: "refunded" });
    const { start, end } = periodOf(sub);
    await advanceSeconds(end - start + 86_400);
    const paidAfter = (await stripe().invoices.list({ subscription: sub.id, status: "paid" })).data;
    expect(paidAfter).toHaveLength(1);
  });

  it("refunds once when three replacements of the same subscription run at the same time", async () => {
    const buyer = await signUpBuyer();
    await pay(buyer, "professional");
    const sub = await subscription(buyer);
    // The state a crash between the Lifetime payment and its replacement leaves: Lifetime granted,
    // the subscription still to be replaced.
    await db.plan.update({ where: { userId: buyer.id }, data: { tier: "lifetime", supersededSubscriptionId: sub.id } });

    await Promise.all([retireSupersededSubscription(buyer.id), retireSupersededSubscription(buyer.id), retireSupersededSubscription(buyer.id)]);

    const refunds = await refundsOf(sub.id);
    expect(refunds).toHaveLength(1);
    const credit = await db.replacedSubscriptionCredit.findUniqueOrThrow({ where: { subscriptionId: sub.id } });
    expect(refunds[0]?.amount).toBe(credit.amountCents);
    expect(credit).toMatchObject({ status: "refunded", refundedCents: credit.amountCents });
  });
});
