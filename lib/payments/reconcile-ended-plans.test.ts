import type Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { reconcile } from "@/lib/payments/reconcile";
import { stripe } from "@/lib/stripe-gateway/client";
import { signUpBuyer } from "@/test-support/buyers";
import { newEventDeliverer } from "@/test-support/new-events";
import { checkout, statusOf } from "@/test-support/route-calls";
import { startTestStripe, type TestStripe } from "@/test-support/test-stripe";

// A plan the store ended itself (a chargeback lost on its subscription's payment) whose
// subscription's own end never arrived as a webhook. Found by the plan lifecycle property
// (e2e/chaos/plan-lifecycle.test.ts): reconcile re-read only plans still in force, so the ended
// plan kept its subscription's last status for good, and a past-due one would have kept telling
// the buyer to update their card for a plan they no longer had.

let sandbox: TestStripe;
beforeAll(async () => {
  sandbox = await startTestStripe({ deliverWebhooks: false });
});
afterAll(() => sandbox.close());

const deliverNewEvents = newEventDeliverer();
const subscriptionEvents = (event: Stripe.Event): boolean => event.type.startsWith("customer.subscription.");

describe("reconcile, for plans the store ended itself", () => {
  it("records how the subscription of a plan ended by a lost chargeback ended, when Stripe's word on it never arrived", async () => {
    const buyer = await signUpBuyer();
    const { sessionId } = await checkout(buyer, await sandbox.priceId("starter"));
    await sandbox.control(`/_sandbox/checkout/sessions/${sessionId}/pay`, { card: "4000000000000259" });
    expect(await statusOf(buyer, sessionId)).toBe("paid");
    await deliverNewEvents();
    const { sourceId } = await db.plan.findUniqueOrThrow({ where: { userId: buyer.id } });
    const [dispute] = (await stripe().disputes.list({ limit: 100 })).data.filter((d) => d.status === "needs_response");
    if (!dispute) throw new Error("the dispute card opened no chargeback");

    await stripe().disputes.close(dispute.id);
    await deliverNewEvents(subscriptionEvents);
    // The store's own cancellation, lost as well.
    await deliverNewEvents(subscriptionEvents);
    expect((await stripe().subscriptions.retrieve(sourceId)).status).toBe("canceled");

    await reconcile();

    expect(await db.plan.findUniqueOrThrow({ where: { userId: buyer.id } })).toMatchObject({ status: "canceled", subscriptionStatus: "canceled" });
  });
});
