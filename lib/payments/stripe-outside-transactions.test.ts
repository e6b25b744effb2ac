import type Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as receiptRoute } from "@/app/account/receipts/[sessionId]/route";
import { POST as portalRoute } from "@/app/api/billing-portal/route";
import { POST as changeRoute } from "@/app/api/plan/change/route";
import { POST as previewRoute } from "@/app/api/plan/preview/route";
import { db } from "@/lib/db";
import { inSqlTransaction } from "@/lib/payments/fulfilment/sql";
import { stripe } from "@/lib/stripe-gateway/client";
import { signUpBuyer, type TestBuyer } from "@/test-support/buyers";
import { checkout, deliver, requestCheckout, requestStatus, statusOf } from "@/test-support/route-calls";
import { startTestStripe, type TestStripe } from "@/test-support/test-stripe";
import { recordTimeline, type Timeline } from "@/test-support/timeline";

// No database transaction is open while Stripe is called, on any path that calls Stripe: a slow
// Stripe would otherwise hold row locks and a pooled connection for as long as it takes, and every
// request behind them would wait. Each path runs alone on a recorded timeline (test-support/
// timeline.ts): every statement at the pg driver and every Stripe request from sent to answered.

let sandbox: TestStripe;
beforeAll(async () => {
  sandbox = await startTestStripe({ deliverWebhooks: false });
});
afterAll(() => sandbox.close());

/** Runs one path on a recorded timeline; it must have called Stripe, and never inside a transaction. */
async function outsideTransactions<T>(path: string, work: () => Promise<T>): Promise<{ result: T; timeline: Timeline }> {
  const recorded = await recordTimeline(work);
  expect(recorded.timeline.stripeCalls(), `${path} calls Stripe`).not.toEqual([]);
  expect(recorded.timeline.stripeCallsInTransactions(), `${path}: Stripe called while a transaction was open`).toEqual([]);
  return recorded;
}

const pay = (sessionId: string, card = "4242424242424242") => sandbox.control(`/_sandbox/checkout/sessions/${sessionId}/pay`, { card });

function post(route: typeof changeRoute, buyer: TestBuyer, body: unknown): Promise<Response> {
  const headers = new Headers(buyer.headers);
  headers.set("content-type", "application/json");
  return route(new Request("http://app.test/api/plan", { method: "POST", headers, body: JSON.stringify(body) }), undefined);
}

async function subscriber(plan: "starter" | "advanced"): Promise<TestBuyer> {
  const buyer = await signUpBuyer();
  const { sessionId } = await checkout(buyer, await sandbox.priceId(plan));
  await pay(sessionId);
  expect(await statusOf(buyer, sessionId)).toBe("paid");
  return buyer;
}

describe("the timeline", () => {
  it("sees a Stripe call made inside a transaction, Prisma's or our own, and none made after it commits", async () => {
    const inPrisma = await recordTimeline(() =>
      db.$transaction(async (tx) => {
        await tx.user.count();
        await stripe().customers.list({ limit: 1 });
      }),
    );
    const inSql = await recordTimeline(() =>
      inSqlTransaction(async (tx) => {
        await tx.query("SELECT 1");
        await stripe().customers.list({ limit: 1 });
      }),
    );
    const afterCommit = await recordTimeline(async () => {
      await db.$transaction(async (tx) => tx.user.count());
      await stripe().customers.list({ limit: 1 });
    });

    expect(inPrisma.timeline.stripeCallsInTransactions()).toEqual([{ stripeCall: "GET /v1/customers?limit=1", transaction: ["BEGIN", expect.stringMatching(/SELECT COUNT/i)] }]);
    expect(inSql.timeline.stripeCallsInTransactions()).toEqual([{ stripeCall: "GET /v1/customers?limit=1", transaction: ["BEGIN", "SELECT 1"] }]);
    expect(afterCommit.timeline.stripeCallsInTransactions()).toEqual([]);
    expect(afterCommit.timeline.transactions()).toBe(1);
  });
});

describe("no transaction is open while Stripe is called", () => {
  it("when a buyer starts a checkout: the customer, the session, an open one reused, another plan's abandoned one expired", async () => {
    const buyer = await signUpBuyer();
    const start = async (key: "small_pack" | "starter" | "advanced") => {
      const response = await requestCheckout(buyer, { priceId: await sandbox.priceId(key) });
      expect(response.status, key).toBe(200);
    };

    await outsideTransactions("a first checkout start", () => start("small_pack"));
    await outsideTransactions("a start that reuses the open session", () => start("small_pack"));
    await outsideTransactions("a plan's checkout start", () => start("starter"));
    await outsideTransactions("a start that expires another plan's open checkout", () => start("advanced"));
  });

  it("when the status poll settles a payment whose webhook never came, and a Lifetime purchase that replaces a subscription", async () => {
    const buyer = await signUpBuyer();
    const { sessionId } = await checkout(buyer, await sandbox.priceId("small_pack"));
    await pay(sessionId);
    const subscribed = await subscriber("starter");
    const lifetime = await checkout(subscribed, await sandbox.priceId("lifetime"));
    await pay(lifetime.sessionId);

    const pack = await outsideTransactions("the status poll", () => requestStatus(buyer, sessionId));
    const replacing = await outsideTransactions("the status poll of a Lifetime purchase", () => requestStatus(subscribed, lifetime.sessionId));

    expect(await pack.result.json()).toEqual({ status: "paid" });
    expect(await replacing.result.json()).toEqual({ status: "paid" });
    expect(pack.timeline.transactions()).toBeGreaterThan(0);
    expect(await db.plan.findUniqueOrThrow({ where: { userId: subscribed.id } })).toMatchObject({ tier: "lifetime", status: "active" });
  });

  it("when a subscriber previews and changes plans, up and down", async () => {
    const buyer = await subscriber("starter");

    const preview = await outsideTransactions("a plan change preview", () => post(previewRoute, buyer, { plan: "advanced" }));
    const { prorationDate } = (await preview.result.json()) as { prorationDate: number };
    const upgrade = await outsideTransactions("an upgrade", () => post(changeRoute, buyer, { plan: "advanced", prorationDate }));
    const downgrade = await outsideTransactions("a downgrade", () => post(changeRoute, buyer, { plan: "starter" }));

    expect([preview.result.status, upgrade.result.status, downgrade.result.status]).toEqual([200, 200, 200]);
    expect(upgrade.timeline.transactions()).toBeGreaterThan(0);
    expect(await db.plan.findUniqueOrThrow({ where: { userId: buyer.id } })).toMatchObject({ tier: "advanced", scheduledTier: "starter" });
  });

  it("when a buyer opens the billing portal or a receipt", async () => {
    const buyer = await subscriber("starter");
    const { sessionId } = await checkout(buyer, await sandbox.priceId("small_pack"));
    await pay(sessionId);
    expect(await statusOf(buyer, sessionId)).toBe("paid");
    const portalRequest = () => portalRoute(new Request("http://app.test/api/billing-portal", { method: "POST", headers: buyer.headers }), undefined);
    const receiptRequest = () =>
      receiptRoute(new Request(`http://app.test/account/receipts/${sessionId}`, { headers: buyer.headers }), { params: Promise.resolve({ sessionId }) });

    const portal = await outsideTransactions("the billing portal", portalRequest);
    const receipt = await outsideTransactions("a receipt", receiptRequest);

    expect(portal.result.status).toBe(200);
    expect(receipt.result.status).toBe(303);
  });

  it("when Stripe's webhooks arrive for packs, plans, renewals, a Lifetime replacing a subscription, refunds and disputes", async () => {
    const allEvents = async () => (await stripe().events.list({ limit: 100 }).autoPagingToArray({ limit: 10_000 })).reverse();
    const earlier = new Set((await allEvents()).map((event) => event.id));
    const packs = await signUpBuyer();
    for (const card of ["4242424242424242", "4000000000005126", "4000000000000259"]) {
      const { sessionId } = await checkout(packs, await sandbox.priceId("medium_pack"));
      await pay(sessionId, card);
      const paymentIntent = String((await stripe().checkout.sessions.retrieve(sessionId)).payment_intent);
      if (card !== "4000000000000259") await stripe().refunds.create({ payment_intent: paymentIntent, amount: 100 });
    }
    const planBuyer = await subscriber("advanced");
    await sandbox.control("/_sandbox/clock/advance", { seconds: 32 * 24 * 3600 });
    const { sessionId: lifetimeSession } = await checkout(planBuyer, await sandbox.priceId("lifetime"));
    await pay(lifetimeSession);
    const events = (await allEvents()).filter((event) => !earlier.has(event.id));

    const delivered: string[] = [];
    let transactions = 0;
    for (const event of events) {
      const { result, timeline } = await recordTimeline(() => deliver(event));
      expect(result.status, `${event.type} ${event.id}`).toBe(200);
      expect(timeline.stripeCallsInTransactions(), `${event.type} ${event.id}: Stripe called while a transaction was open`).toEqual([]);
      if (timeline.stripeCalls().length > 0) delivered.push(event.type);
      transactions += timeline.transactions();
    }

    expect(transactions).toBeGreaterThan(0);
    expect([...new Set(delivered)]).toEqual(
      expect.arrayContaining<Stripe.Event.Type>(["checkout.session.completed", "invoice.paid", "customer.subscription.updated", "charge.refunded", "charge.dispute.created"]),
    );
    expect(await db.plan.findUniqueOrThrow({ where: { userId: planBuyer.id } })).toMatchObject({ tier: "lifetime", status: "active" });
  }, 120_000);
});
