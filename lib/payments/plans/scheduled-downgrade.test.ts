import type Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as changeRoute } from "@/app/api/plan/change/route";
import { POST as previewRoute } from "@/app/api/plan/preview/route";
import { db } from "@/lib/db";
import { stripe } from "@/lib/stripe-gateway/client";
import { startAnswerDropper } from "@/test-support/answer-dropper";
import { signUpBuyer, type TestBuyer } from "@/test-support/buyers";
import { checkout, statusOf } from "@/test-support/route-calls";
import { startTestStripe, type TestStripe } from "@/test-support/test-stripe";

// Downgrades wait for the period end in a Stripe subscription schedule, as Stripe's own portal
// does, so the subscription keeps billing the price the buyer paid for until then.

let sandbox: TestStripe;
beforeAll(async () => {
  sandbox = await startTestStripe({ deliverWebhooks: false });
});
afterAll(() => sandbox.close());

function post(route: typeof changeRoute, buyer: TestBuyer, body: unknown): Promise<Response> {
  const headers = new Headers(buyer.headers);
  headers.set("content-type", "application/json");
  return route(new Request("http://app.test/api/plan", { method: "POST", headers, body: JSON.stringify(body) }), undefined);
}

async function advancedSubscriber(): Promise<{ buyer: TestBuyer; subscription: Stripe.Subscription }> {
  const buyer = await signUpBuyer();
  const { sessionId } = await checkout(buyer, await sandbox.priceId("advanced"));
  await sandbox.control(`/_sandbox/checkout/sessions/${sessionId}/pay`, { card: "4242424242424242" });
  expect(await statusOf(buyer, sessionId)).toBe("paid");
  const { sourceId } = await db.plan.findUniqueOrThrow({ where: { userId: buyer.id } });
  return { buyer, subscription: await stripe().subscriptions.retrieve(sourceId) };
}

const planOf = (buyer: TestBuyer) => db.plan.findUniqueOrThrow({ where: { userId: buyer.id } });

describe("a downgrade scheduled to the period end", () => {
  it("keeps billing the current price, and an upgrade meanwhile is prorated from the price actually paid, as its preview said", async () => {
    const { buyer, subscription } = await advancedSubscriber();
    expect((await post(changeRoute, buyer, { plan: "starter" })).status).toBe(200);
    const scheduled = await stripe().subscriptions.retrieve(subscription.id);
    expect(scheduled.items.data[0]?.price.id).toBe(await sandbox.priceId("advanced"));
    expect(scheduled.schedule).not.toBeNull();

    const preview = (await (await post(previewRoute, buyer, { plan: "professional" })).json()) as { amountDue: number; prorationDate: number };
    const item = subscription.items.data[0];
    const left = ((item?.current_period_end ?? 0) - preview.prorationDate) / ((item?.current_period_end ?? 0) - (item?.current_period_start ?? 0));
    expect(Math.abs(preview.amountDue - (9900 - 1500) * left)).toBeLessThanOrEqual(1);

    const upgrade = await post(changeRoute, buyer, { plan: "professional", prorationDate: preview.prorationDate });
    expect(upgrade.status).toBe(200);
    const [invoice] = (await stripe().invoices.list({ subscription: subscription.id, limit: 1 })).data;
    expect(invoice?.amount_paid).toBe(preview.amountDue);
    expect(await planOf(buyer)).toMatchObject({ tier: "professional", scheduledTier: null });
    expect((await stripe().subscriptions.retrieve(subscription.id)).schedule).toBeNull();
  });

  it("is undone by choosing the current plan again, which releases the schedule", async () => {
    const { buyer, subscription } = await advancedSubscriber();
    await post(changeRoute, buyer, { plan: "starter" });
    expect((await post(changeRoute, buyer, { plan: "advanced" })).status).toBe(200);

    expect(await planOf(buyer)).toMatchObject({ tier: "advanced", scheduledTier: null });
    expect((await stripe().subscriptions.retrieve(subscription.id)).schedule).toBeNull();
  });
});

describe("a plan change whose answer from Stripe was lost", () => {
  async function withLostAnswers<T>(drop: (request: { method: string; path: string }) => boolean, run: () => Promise<T>): Promise<T> {
    const dropper = await startAnswerDropper(sandbox.apiBase, drop);
    process.env.STRIPE_API_BASE = dropper.url;
    try {
      return await run();
    } finally {
      process.env.STRIPE_API_BASE = sandbox.apiBase;
      await dropper.close();
    }
  }

  it("stores the undo Stripe made, not the downgrade it had before", async () => {
    const { buyer, subscription } = await advancedSubscriber();
    await post(changeRoute, buyer, { plan: "starter" });

    const undo = await withLostAnswers((r) => r.method === "POST" && r.path.endsWith("/release"), () => post(changeRoute, buyer, { plan: "advanced" }));

    expect(undo.status).toBe(503);
    expect((await stripe().subscriptions.retrieve(subscription.id)).schedule).toBeNull();
    expect(await planOf(buyer)).toMatchObject({ tier: "advanced", scheduledTier: null });
  });

  it("stores the downgrade Stripe scheduled, not the plan it had before", async () => {
    const { buyer } = await advancedSubscriber();

    const downgrade = await withLostAnswers(
      (r) => r.method === "POST" && /^\/v1\/subscription_schedules\/sub_sched_\w+$/.test(r.path),
      () => post(changeRoute, buyer, { plan: "starter" }),
    );

    expect(downgrade.status).toBe(503);
    expect(await planOf(buyer)).toMatchObject({ tier: "advanced", scheduledTier: "starter" });
  });
});
