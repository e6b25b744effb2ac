import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { settleCheckoutFromStripe } from "@/lib/payments/apply-stripe-state";
import { stripe } from "@/lib/stripe-gateway/client";
import { signUpBuyer, type TestBuyer } from "@/test-support/buyers";
import { checkout, statusOf } from "@/test-support/route-calls";
import { startTestStripe, type TestStripe } from "@/test-support/test-stripe";

// Whatever raced, a buyer ends with at most one subscription that can bill them.

let sandbox: TestStripe;
beforeAll(async () => {
  sandbox = await startTestStripe({ deliverWebhooks: false });
});
afterAll(() => sandbox.close());

async function liveSubscriptions(buyer: TestBuyer): Promise<string[]> {
  const { stripeTestCustomerId: stripeCustomerId } = await db.user.findUniqueOrThrow({ where: { id: buyer.id } });
  const { data } = await stripe().subscriptions.list({ customer: stripeCustomerId ?? "", status: "all" });
  return data.filter((s) => s.status !== "canceled" && s.status !== "incomplete_expired").map((s) => s.id);
}

describe("one billing subscription per buyer", () => {
  it("cancels a second subscription that slipped past checkout's guard once a plan is granted", async () => {
    const buyer = await signUpBuyer();
    const first = await checkout(buyer, await sandbox.priceId("starter"));
    // A second checkout made outside the storefront's guard, for the same customer and buyer.
    const { stripeTestCustomerId: stripeCustomerId } = await db.user.findUniqueOrThrow({ where: { id: buyer.id } });
    const metadata = { userId: buyer.id, productKey: "advanced" };
    const second = await stripe().checkout.sessions.create({
      mode: "subscription",
      customer: stripeCustomerId ?? "",
      line_items: [{ price: await sandbox.priceId("advanced"), quantity: 1 }],
      metadata,
      subscription_data: { metadata },
      success_url: "http://app.test/success",
    });
    for (const sessionId of [first.sessionId, second.id]) {
      await sandbox.control(`/_sandbox/checkout/sessions/${sessionId}/pay`, { card: "4242424242424242" });
    }

    expect(await statusOf(buyer, first.sessionId)).toBe("paid");
    // Its webhook, which recovers the purchase from the session's metadata.
    expect(await settleCheckoutFromStripe(second.id)).toMatchObject({ kind: "settled", status: "paid" });

    const plan = await db.plan.findUniqueOrThrow({ where: { userId: buyer.id } });
    expect(plan).toMatchObject({ tier: "advanced", status: "active", sourceId: String(second.subscription ?? (await stripe().checkout.sessions.retrieve(second.id)).subscription) });
    expect(await liveSubscriptions(buyer)).toEqual([plan.sourceId]);
    // The Starter subscription it replaced is refunded its unused time, once.
    const credit = await db.replacedSubscriptionCredit.findFirstOrThrow({ where: { userId: buyer.id } });
    expect(credit).toMatchObject({ status: "refunded" });
    expect(credit.refundedCents).toBe(credit.amountCents);
  });

  it("refunds in full a same-plan subscription that raced past checkout's guard: the buyer pays for one Starter, not two", async () => {
    const buyer = await signUpBuyer();
    const first = await checkout(buyer, await sandbox.priceId("starter"));
    await sandbox.control(`/_sandbox/checkout/sessions/${first.sessionId}/pay`, { card: "4242424242424242" });
    expect(await statusOf(buyer, first.sessionId)).toBe("paid");
    const kept = (await db.plan.findUniqueOrThrow({ where: { userId: buyer.id } })).sourceId;

    // A second Starter checkout made outside the storefront's guard, paid after the first.
    const { stripeTestCustomerId: stripeCustomerId } = await db.user.findUniqueOrThrow({ where: { id: buyer.id } });
    const metadata = { userId: buyer.id, productKey: "starter" };
    const second = await stripe().checkout.sessions.create({
      mode: "subscription",
      customer: stripeCustomerId ?? "",
      line_items: [{ price: await sandbox.priceId("starter"), quantity: 1 }],
      metadata,
      subscription_data: { metadata },
      success_url: "http://app.test/success",
    });
    await sandbox.control(`/_sandbox/checkout/sessions/${second.id}/pay`, { card: "4242424242424242" });
    expect(await settleCheckoutFromStripe(second.id)).toMatchObject({ kind: "settled", status: "paid" });

    // The plan follows the newer subscription; the older one, which served no time after it, is ended.
    const raced = String((await stripe().checkout.sessions.retrieve(second.id)).subscription);
    const plan = await db.plan.findUniqueOrThrow({ where: { userId: buyer.id } });
    expect(plan).toMatchObject({ tier: "starter", status: "active", sourceId: raced });
    expect(await liveSubscriptions(buyer)).toEqual([raced]);
    const credit = await db.replacedSubscriptionCredit.findUniqueOrThrow({ where: { subscriptionId: kept } });
    const paid = (await stripe().invoices.list({ subscription: kept })).data.reduce((sum, invoice) => sum + invoice.amount_paid, 0);
    expect(paid).toBeGreaterThan(0);
    expect(credit).toMatchObject({ status: "refunded", amountCents: paid, refundedCents: paid });

    // Settling either again (a second webhook, reconcile) refunds nothing more.
    await settleCheckoutFromStripe(second.id);
    await settleCheckoutFromStripe(first.sessionId);
    expect(await db.replacedSubscriptionCredit.findUniqueOrThrow({ where: { subscriptionId: kept } })).toMatchObject({ refundedCents: paid });
    const refunds = await stripe().refunds.list({ limit: 100 });
    const paymentOfKept = (await stripe().invoices.list({ subscription: kept, expand: ["data.payments"] })).data.flatMap((invoice) => invoice.payments?.data ?? []).map((p) => p.payment.payment_intent);
    expect(refunds.data.filter((refund) => paymentOfKept.includes(refund.payment_intent as string)).reduce((sum, refund) => sum + refund.amount, 0)).toBe(paid);
  });

  it("cancels the subscription of a checkout whose bank debit failed, so a later collection cannot bill for no plan", async () => {
    const buyer = await signUpBuyer();
    const { sessionId } = await checkout(buyer, await sandbox.priceId("starter"));
    await sandbox.control(`/_sandbox/checkout/sessions/${sessionId}/pay`, { method: "async_bank_debit" });
    expect(await statusOf(buyer, sessionId)).toBe("processing");
    const session = await stripe().checkout.sessions.retrieve(sessionId, { expand: ["invoice.payments"] });
    const debit = session.invoice && typeof session.invoice === "object" ? session.invoice.payments?.data[0]?.payment.payment_intent : null;
    await sandbox.control(`/_sandbox/payment_intents/${String(debit)}/settle`, { outcome: "failed" });

    expect(await statusOf(buyer, sessionId)).toBe("failed");

    expect((await stripe().subscriptions.retrieve(String(session.subscription))).status).toBe("canceled");
    expect(await db.plan.findUnique({ where: { userId: buyer.id } })).toBeNull();
  });
});
