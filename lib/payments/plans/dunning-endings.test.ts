import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { stripe } from "@/lib/stripe-gateway/client";
import { signUpBuyer, type TestBuyer } from "@/test-support/buyers";
import { checkout, statusOf } from "@/test-support/route-calls";
import { startTestStripe, type TestStripe } from "@/test-support/test-stripe";
import { newEventDeliverer } from "@/test-support/new-events";

// Stripe's Dashboard ends failed renewals one of three ways once every retry has failed: cancel
// the subscription, mark it unpaid, or leave it past_due. Whichever the store chose, the plan
// ends and the subscription is canceled, so the buyer is never billed later for a plan they lost.

let sandbox: TestStripe;
beforeAll(async () => {
  sandbox = await startTestStripe({ deliverWebhooks: false });
});
afterAll(() => sandbox.close());

const DAY = 86_400;
const deliverNewEvents = newEventDeliverer();

async function subscriberWhoseRenewalsFail(): Promise<{ buyer: TestBuyer; subscriptionId: string }> {
  const buyer = await signUpBuyer();
  const { sessionId } = await checkout(buyer, await sandbox.priceId("starter"));
  await sandbox.control(`/_sandbox/checkout/sessions/${sessionId}/pay`, { card: "4242424242424242" });
  expect(await statusOf(buyer, sessionId)).toBe("paid");
  const { sourceId } = await db.plan.findUniqueOrThrow({ where: { userId: buyer.id } });
  const { stripeTestCustomerId: stripeCustomerId } = await db.user.findUniqueOrThrow({ where: { id: buyer.id } });
  const failing = await stripe().paymentMethods.attach("pm_card_chargeCustomerFail", { customer: stripeCustomerId ?? "" });
  await stripe().subscriptions.update(sourceId, { default_payment_method: failing.id });
  await deliverNewEvents();
  return { buyer, subscriptionId: sourceId };
}

async function throughEveryRetry(): Promise<void> {
  for (const days of [32, 4, 6, 8]) {
    await sandbox.control("/_sandbox/clock/advance", { seconds: days * DAY });
    await deliverNewEvents();
  }
}

describe.each(["cancel", "unpaid", "past_due"] as const)("failed renewals when the Dashboard is set to %s after the last retry", (ending) => {
  it("end the plan and leave no subscription that can bill the buyer", async () => {
    await sandbox.control("/_sandbox/settings", { after_final_retry: ending });
    const { buyer, subscriptionId } = await subscriberWhoseRenewalsFail();

    await throughEveryRetry();

    expect(await db.plan.findUniqueOrThrow({ where: { userId: buyer.id } })).toMatchObject({ status: "canceled" });
    expect((await stripe().subscriptions.retrieve(subscriptionId)).status).toBe("canceled");
  });
});
