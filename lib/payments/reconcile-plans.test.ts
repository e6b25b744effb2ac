import type Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { reconcile } from "@/lib/payments/reconcile";
import { stripe } from "@/lib/stripe-gateway/client";
import { signUpBuyer, type TestBuyer } from "@/test-support/buyers";
import { checkout, deliver, statusOf } from "@/test-support/route-calls";
import { startTestStripe, type TestStripe } from "@/test-support/test-stripe";

// Plans whose webhooks never arrived, made good by the reconcile cron alone.

let sandbox: TestStripe;
beforeAll(async () => {
  sandbox = await startTestStripe({ deliverWebhooks: false });
});
afterAll(() => sandbox.close());

const DAY = 86_400;
const planOf = (buyer: TestBuyer) => db.plan.findUniqueOrThrow({ where: { userId: buyer.id } });

async function paidSubscriptionCheckout(buyer: TestBuyer): Promise<string> {
  const { sessionId } = await checkout(buyer, await sandbox.priceId("starter"));
  await sandbox.control(`/_sandbox/checkout/sessions/${sessionId}/pay`, { card: "4242424242424242" });
  return sessionId;
}

describe("reconcile, for plans", () => {
  it("renews the allowance of a renewal whose webhooks never arrived, once, and a late invoice.paid changes nothing", async () => {
    const buyer = await signUpBuyer();
    const sessionId = await paidSubscriptionCheckout(buyer);
    expect(await statusOf(buyer, sessionId)).toBe("paid");
    const first = await planOf(buyer);
    await db.plan.update({ where: { userId: buyer.id }, data: { allowanceUsed: 37 } });

    await sandbox.control("/_sandbox/clock/advance", { seconds: 32 * DAY });
    await reconcile();

    const renewed = await planOf(buyer);
    expect(renewed.allowanceUsed).toBe(0);
    expect(renewed.allowanceResetsAt?.getTime()).toBeGreaterThan(first.allowanceResetsAt?.getTime() ?? Infinity);
    await db.plan.update({ where: { userId: buyer.id }, data: { allowanceUsed: 5 } });
    await reconcile();
    for (const event of (await stripe().events.list({ type: "invoice.paid", limit: 100 })).data) expect((await deliver(event as Stripe.Event)).status).toBe(200);
    expect((await planOf(buyer)).allowanceUsed).toBe(5);
  });

  it("adopts a paid subscription whose checkout was never settled here, even after its purchase left the checkout window", async () => {
    const buyer = await signUpBuyer();
    const sessionId = await paidSubscriptionCheckout(buyer);
    await db.purchase.update({ where: { checkoutSessionId: sessionId }, data: { expiresAt: new Date(Date.now() - 30 * DAY * 1000) } });

    const report = await reconcile();

    const { subscription } = await stripe().checkout.sessions.retrieve(sessionId);
    expect(await planOf(buyer)).toMatchObject({ tier: "starter", status: "active", sourceId: subscription });
    expect(report.drift).toContainEqual(expect.objectContaining({ object: subscription, change: expect.stringContaining("adopted") }));
    expect((await reconcile()).drift.filter((d) => d.object === subscription)).toEqual([]);
  });
});
