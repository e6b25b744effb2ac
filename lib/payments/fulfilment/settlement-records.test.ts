import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { settleCheckout } from "@/lib/payments/fulfilment/fulfil-checkout";
import { stripe } from "@/lib/stripe-gateway/client";
import { signUpBuyer, type TestBuyer } from "@/test-support/buyers";
import { checkout, checkoutSnapshot } from "@/test-support/route-calls";
import { startTestStripe, type TestStripe } from "@/test-support/test-stripe";

// What a settlement writes beside the goods: the purchase's links to Stripe (filled in, never
// blanked, and not rewritten when nothing is new), the plan row a plan purchase grants, and a
// loud failure for a purchase of something the catalog no longer sells.

let sandbox: TestStripe;
beforeAll(async () => {
  sandbox = await startTestStripe({ deliverWebhooks: false });
});
afterAll(() => sandbox.close());

async function paid(buyer: TestBuyer, product: "small_pack" | "starter" | "lifetime"): Promise<string> {
  const { sessionId } = await checkout(buyer, await sandbox.priceId(product));
  await sandbox.control(`/_sandbox/checkout/sessions/${sessionId}/pay`, { card: "4242424242424242" });
  return sessionId;
}

const purchaseOf = (sessionId: string) => db.purchase.findUniqueOrThrow({ where: { checkoutSessionId: sessionId } });

describe("an expired checkout", () => {
  it("is not written again when Stripe says once more that it expired", async () => {
    const buyer = await signUpBuyer();
    const { sessionId } = await checkout(buyer, await sandbox.priceId("small_pack"));
    await stripe().checkout.sessions.expire(sessionId);
    expect(await settleCheckout(await checkoutSnapshot(sessionId))).toMatchObject({ kind: "settled", status: "expired" });
    const expired = await purchaseOf(sessionId);

    expect(await settleCheckout(await checkoutSnapshot(sessionId))).toMatchObject({ kind: "settled", status: "expired", deliveredNow: false });

    expect((await purchaseOf(sessionId)).updatedAt).toEqual(expired.updatedAt);
  });
});

describe("a settled purchase", () => {
  it("keeps its payment page and links its PaymentIntent", async () => {
    const buyer = await signUpBuyer();
    const sessionId = await paid(buyer, "small_pack");
    const before = await purchaseOf(sessionId);

    await settleCheckout(await checkoutSnapshot(sessionId));

    const after = await purchaseOf(sessionId);
    expect(after.checkoutUrl).toBe(before.checkoutUrl);
    expect(after.checkoutUrl).toEqual(expect.any(String));
    expect(after.paymentIntentId).toBe(String((await stripe().checkout.sessions.retrieve(sessionId)).payment_intent));
  });

  it("gets a link it lacks from a later read, without being credited again", async () => {
    const buyer = await signUpBuyer();
    const sessionId = await paid(buyer, "small_pack");
    await settleCheckout(await checkoutSnapshot(sessionId));
    const linked = await purchaseOf(sessionId);
    await db.purchase.update({ where: { checkoutSessionId: sessionId }, data: { paymentIntentId: null } });

    expect(await settleCheckout(await checkoutSnapshot(sessionId))).toMatchObject({ kind: "settled", deliveredNow: false });
    expect((await purchaseOf(sessionId)).paymentIntentId).toBe(linked.paymentIntentId);
    expect(await db.coinLedgerEntry.count({ where: { userId: buyer.id } })).toBe(1);
  });

  it("is not written again by a later read that brings nothing new", async () => {
    const buyer = await signUpBuyer();
    const sessionId = await paid(buyer, "small_pack");
    await settleCheckout(await checkoutSnapshot(sessionId));
    const settled = await purchaseOf(sessionId);

    await settleCheckout(await checkoutSnapshot(sessionId));

    expect((await purchaseOf(sessionId)).updatedAt).toEqual(settled.updatedAt);
  });

  it("gets its subscription link from a later read, without the plan being granted again", async () => {
    const buyer = await signUpBuyer();
    const sessionId = await paid(buyer, "starter");
    await settleCheckout(await checkoutSnapshot(sessionId));
    const linked = await purchaseOf(sessionId);
    const plan = await db.plan.findUniqueOrThrow({ where: { userId: buyer.id } });
    await db.purchase.update({ where: { checkoutSessionId: sessionId }, data: { subscriptionId: null } });

    expect(await settleCheckout(await checkoutSnapshot(sessionId))).toMatchObject({ kind: "settled", deliveredNow: false });

    expect((await purchaseOf(sessionId)).subscriptionId).toBe(linked.subscriptionId);
    expect(linked.subscriptionId).toEqual(expect.stringMatching(/^sub_/));
    expect((await db.plan.findUniqueOrThrow({ where: { userId: buyer.id } })).updatedAt).toEqual(plan.updatedAt);
  });

  it("links the subscription it started, and the plan records the subscription's status", async () => {
    const buyer = await signUpBuyer();
    const sessionId = await paid(buyer, "starter");

    await settleCheckout(await checkoutSnapshot(sessionId));

    const { subscription } = await stripe().checkout.sessions.retrieve(sessionId);
    expect((await purchaseOf(sessionId)).subscriptionId).toBe(String(subscription));
    expect(await db.plan.findUniqueOrThrow({ where: { userId: buyer.id } })).toMatchObject({
      sourceId: String(subscription),
      subscriptionStatus: "active",
      cancelAtPeriodEnd: false,
      supersededSubscriptionId: null,
    });
  });

  it("of Lifetime grants a plan that never ends and is not set to cancel", async () => {
    const buyer = await signUpBuyer();
    const sessionId = await paid(buyer, "lifetime");

    await settleCheckout(await checkoutSnapshot(sessionId));

    expect(await db.plan.findUniqueOrThrow({ where: { userId: buyer.id } })).toMatchObject({
      tier: "lifetime",
      sourceId: sessionId,
      subscriptionStatus: null,
      currentPeriodEnd: null,
      cancelAtPeriodEnd: false,
    });
  });

  it("of a subscription whose plan was already recorded from it does not mark that subscription replaced", async () => {
    const buyer = await signUpBuyer();
    const sessionId = await paid(buyer, "starter");
    const { subscription } = await stripe().checkout.sessions.retrieve(sessionId);
    // As reconciliation records a paid subscription it found before its checkout was settled here.
    await db.plan.create({ data: { userId: buyer.id, tier: "starter", status: "active", sourceId: String(subscription) } });

    await settleCheckout(await checkoutSnapshot(sessionId));

    expect(await db.plan.findUniqueOrThrow({ where: { userId: buyer.id } })).toMatchObject({ sourceId: String(subscription), supersededSubscriptionId: null });
  });

  it("of a second Lifetime still leaves the subscription the first one replaced to be canceled", async () => {
    const buyer = await signUpBuyer();
    const sessionId = await paid(buyer, "lifetime");
    // Meanwhile a first Lifetime, bought in another tab, replaced a subscription whose
    // cancellation at Stripe has not gone through yet (Stripe could not be reached).
    const replaced = `sub_${randomUUID()}`;
    await db.plan.create({ data: { userId: buyer.id, tier: "lifetime", status: "active", sourceId: `cs_${randomUUID()}`, supersededSubscriptionId: replaced } });

    await settleCheckout(await checkoutSnapshot(sessionId));

    expect(await db.plan.findUniqueOrThrow({ where: { userId: buyer.id } })).toMatchObject({ tier: "lifetime", sourceId: sessionId, supersededSubscriptionId: replaced });
  });

  it("of a lower plan leaves a better plan in force, and still records the payment", async () => {
    const buyer = await signUpBuyer();
    await db.plan.create({ data: { userId: buyer.id, tier: "professional", status: "active", sourceId: `sub_${randomUUID()}` } });
    // Two checkouts raced past the check at checkout time: the starter one is paid too.
    const session = await stripe().checkout.sessions.create({
      mode: "subscription",
      line_items: [{ price: await sandbox.priceId("starter"), quantity: 1 }],
      metadata: { userId: buyer.id, productKey: "starter" },
      success_url: "http://app.test/success?session_id={CHECKOUT_SESSION_ID}",
    });
    await sandbox.control(`/_sandbox/checkout/sessions/${session.id}/pay`, { card: "4242424242424242" });

    expect(await settleCheckout(await checkoutSnapshot(session.id))).toMatchObject({ kind: "settled", status: "paid" });
    expect(await db.plan.findUniqueOrThrow({ where: { userId: buyer.id } })).toMatchObject({ tier: "professional" });
  });

  it("of a product the catalog no longer sells fails loudly and delivers nothing", async () => {
    const buyer = await signUpBuyer();
    const sessionId = await paid(buyer, "small_pack");
    await db.purchase.update({ where: { checkoutSessionId: sessionId }, data: { productKey: "a_retired_pack" } });
    const { id } = await purchaseOf(sessionId);

    await expect(settleCheckout(await checkoutSnapshot(sessionId))).rejects.toThrow(`purchase ${id} names unknown product a_retired_pack`);
    expect(await purchaseOf(sessionId)).toMatchObject({ status: "unpaid", fulfilledAt: null });
  });
});
