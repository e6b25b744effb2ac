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
