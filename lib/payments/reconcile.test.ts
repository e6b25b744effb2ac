import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as cronReconcileRoute } from "@/app/api/cron/reconcile/route";
import { db } from "@/lib/db";
import { reconcile } from "@/lib/payments/reconcile";
import { stripe } from "@/lib/stripe-gateway/client";
import { signUpBuyer } from "@/test-support/buyers";
import { checkout, coinsOf } from "@/test-support/route-calls";
import { startTestStripe, type TestStripe } from "@/test-support/test-stripe";

// Webhooks are switched off: reconciliation is the only way these payments can be settled.

let sandbox: TestStripe;
beforeAll(async () => {
  sandbox = await startTestStripe({ deliverWebhooks: false });
});
afterAll(() => sandbox.close());

async function paidCheckout(productKey: "small_pack" | "medium_pack" | "starter") {
  const buyer = await signUpBuyer();
  const { sessionId } = await checkout(buyer, await sandbox.priceId(productKey));
  await sandbox.control(`/_sandbox/checkout/sessions/${sessionId}/pay`, { card: "4242424242424242" });
  return { buyer, sessionId };
}

describe("reconciliation", () => {
  it("delivers goods for payments whose webhooks never arrived, once, however often it runs", async () => {
    const { buyer: paid, sessionId } = await paidCheckout("medium_pack");
    const abandoned = await signUpBuyer();
    await checkout(abandoned, await sandbox.priceId("small_pack"));

    const first = await reconcile();
    const second = await reconcile();

    expect(first).toMatchObject({ delivered: 1, errors: 0 });
    expect(first.drift).toContainEqual({ object: sessionId, userId: paid.id, change: "unpaid → paid, goods delivered" });
    expect(second).toMatchObject({ delivered: 0, changed: 0, errors: 0 });
    expect(await coinsOf(paid.id)).toEqual({ balance: 550, ledgerEntries: 1, ledgerSum: 550 });
    expect((await coinsOf(abandoned.id)).balance).toBe(0);
  });

  it("reports a row Stripe does not know and goes on to credit the paid buyer after it", async () => {
    const stranger = await signUpBuyer();
    await db.purchase.create({
      data: {
        checkoutSessionId: "cs_test_doesnotexistatstripe",
        userId: stranger.id,
        productKey: "small_pack",
        mode: "payment",
        amountCents: 500,
        currency: "usd",
        expiresAt: new Date(Date.now() + 3600_000),
        createdAt: new Date(Date.now() - 60_000),
      },
    });
    const { buyer } = await paidCheckout("small_pack");

    const report = await reconcile();

    expect(report.failures).toContainEqual({ object: "cs_test_doesnotexistatstripe", message: "Stripe has no such Checkout Session" });
    expect(report.errors).toBeGreaterThanOrEqual(1);
    expect((await coinsOf(buyer.id)).balance).toBe(200);
  });

  it("reads only checkouts Stripe can still change: not settled ones, and not sessions long expired", async () => {
    const { buyer } = await paidCheckout("small_pack");
    await reconcile();
    const old = await signUpBuyer();
    await db.purchase.create({
      data: {
        checkoutSessionId: "cs_test_abandonedlastmonth",
        userId: old.id,
        productKey: "small_pack",
        mode: "payment",
        amountCents: 500,
        currency: "usd",
        expiresAt: new Date(Date.now() - 30 * 24 * 3600_000),
      },
    });

    const report = await reconcile();

    expect(report.failures.map((f) => f.object)).not.toContain("cs_test_abandonedlastmonth");
    expect(report.drift.map((d) => d.userId)).not.toContain(buyer.id);
  });

  it("ends a plan whose subscription was canceled at Stripe while its webhook was lost", async () => {
    const { buyer } = await paidCheckout("starter");
    await reconcile();
    const plan = await db.plan.findUniqueOrThrow({ where: { userId: buyer.id } });
    expect(plan).toMatchObject({ tier: "starter", status: "active" });

    await stripe().subscriptions.cancel(plan.sourceId);
    const report = await reconcile();

    expect(await db.plan.findUniqueOrThrow({ where: { userId: buyer.id } })).toMatchObject({ status: "canceled" });
    expect(report.drift.find((d) => d.object === plan.sourceId)?.change).toMatch(/^plan starter active .* → starter canceled/);
  });
});

describe("reconciling money taken back", () => {
  it("takes back a refunded pack's coins, and holds a disputed pack's, when their webhooks were lost", async () => {
    const refunded = await paidCheckout("medium_pack");
    const disputedBuyer = await signUpBuyer();
    const disputed = await checkout(disputedBuyer, await sandbox.priceId("small_pack"));
    await sandbox.control(`/_sandbox/checkout/sessions/${disputed.sessionId}/pay`, { card: "4000000000000259" });
    await reconcile();
    const paymentIntent = String((await stripe().checkout.sessions.retrieve(refunded.sessionId)).payment_intent);
    await stripe().refunds.create({ payment_intent: paymentIntent });

    const report = await reconcile();
    const again = await reconcile();

    expect(await coinsOf(refunded.buyer.id)).toEqual({ balance: 0, ledgerEntries: 2, ledgerSum: 0 });
    expect(await coinsOf(disputedBuyer.id)).toMatchObject({ balance: 0, ledgerSum: 0 });
    expect((await db.user.findUniqueOrThrow({ where: { id: disputedBuyer.id } })).heldCoins).toBe(200);
    expect(report.drift).toContainEqual({ object: expect.stringMatching(/^ch_/), userId: refunded.buyer.id, change: "refunds applied to the coin balance" });
    expect(again.drift.filter((d) => d.userId === refunded.buyer.id || d.userId === disputedBuyer.id)).toEqual([]);
  });
});

describe("POST /api/cron/reconcile", () => {
  const call = (authorization?: string) =>
    cronReconcileRoute(
      new Request("http://app.test/api/cron/reconcile", { method: "POST", headers: authorization ? { authorization } : {} }),
      undefined,
    );

  it("is refused without the cron secret, and disabled when none is configured", async () => {
    delete process.env.CRON_SECRET;
    expect((await call("Bearer anything-at-all-here")).status).toBe(503);

    process.env.CRON_SECRET = "a-cron-secret-of-some-length";
    const missing = await call();
    const wrong = await call("Bearer not-the-cron-secret-at-all");

    expect(missing.status).toBe(401);
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toMatchObject({ error: { code: "unauthenticated" } });
  });

  it("runs reconciliation for a caller with the secret and answers its report", async () => {
    process.env.CRON_SECRET = "a-cron-secret-of-some-length";
    const { buyer } = await paidCheckout("small_pack");

    const response = await call("Bearer a-cron-secret-of-some-length");

    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ checked: expect.any(Number), changed: expect.any(Number), errors: expect.any(Number) });
    expect((await coinsOf(buyer.id)).balance).toBe(200);
  });
});
