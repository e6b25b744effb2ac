import type Stripe from "stripe";
import { afterAll, beforeAll, expect, it } from "vitest";
import { db } from "@/lib/db";
import { stripe } from "@/lib/stripe-gateway/client";
import { signUpBuyer } from "@/test-support/buyers";
import { checkout, deliver, statusOf } from "@/test-support/route-calls";
import { startTestStripe, type TestStripe } from "@/test-support/test-stripe";

// A canceled subscription never changes again, so once its end is stored, the events Stripe still
// sends about it (late, or twice) are answered from the database alone.

let sandbox: TestStripe;
beforeAll(async () => {
  sandbox = await startTestStripe({ deliverWebhooks: false });
});
afterAll(() => sandbox.close());

async function stripeReadsOf(path: string): Promise<number> {
  return ((await sandbox.control(`/_sandbox/requests?path=${encodeURIComponent(path)}`)) as { count: number }).count;
}

it("answers late events about an ended subscription without asking Stripe, and its plan stays ended", async () => {
  const buyer = await signUpBuyer();
  const { sessionId } = await checkout(buyer, await sandbox.priceId("starter"));
  await sandbox.control(`/_sandbox/checkout/sessions/${sessionId}/pay`, { card: "4242424242424242" });
  expect(await statusOf(buyer, sessionId)).toBe("paid");
  const { sourceId } = await db.plan.findUniqueOrThrow({ where: { userId: buyer.id } });
  await stripe().subscriptions.cancel(sourceId);
  const events = (await stripe().events.list({ limit: 100 })).data.filter((event) => {
    const object = event.data.object as { id?: string; parent?: { subscription_details?: { subscription?: string } } };
    return object.id === sourceId || object.parent?.subscription_details?.subscription === sourceId;
  });
  const deleted = events.find((event) => event.type === "customer.subscription.deleted") as Stripe.Event;
  expect((await deliver(deleted)).status).toBe(200);
  expect(await db.plan.findUniqueOrThrow({ where: { userId: buyer.id } })).toMatchObject({ status: "canceled" });

  const readsBefore = await stripeReadsOf(`/v1/subscriptions/${sourceId}`);
  const late = events.filter((event) => event.id !== deleted.id);
  expect(late.map((event) => event.type)).toEqual(expect.arrayContaining(["customer.subscription.created", "invoice.paid"]));
  for (const event of late) {
    const answer = await deliver(event);
    expect(await answer.json()).toMatchObject({ outcome: "ignored" });
  }

  expect(await stripeReadsOf(`/v1/subscriptions/${sourceId}`)).toBe(readsBefore);
  expect(await db.plan.findUniqueOrThrow({ where: { userId: buyer.id } })).toMatchObject({ status: "canceled" });
});
