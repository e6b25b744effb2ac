import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { reconcile } from "@/lib/payments/reconcile";
import { stripe } from "@/lib/stripe-gateway/client";
import { signUpBuyer } from "@/test-support/buyers";
import { checkout, requestCheckout } from "@/test-support/route-calls";
import { startTestStripe, type TestStripe } from "@/test-support/test-stripe";

// Earlier plan checkouts the storefront has not settled yet, met by a new plan checkout: one paid
// is settled first and decides what may follow; one whose 3-D Secure challenge the buyer walked
// away from is still open at Stripe and must never block the buyer (it used to answer 409 "still
// being confirmed" for a day).

let sandbox: TestStripe;
beforeAll(async () => {
  sandbox = await startTestStripe({ deliverWebhooks: false });
});
afterAll(() => sandbox.close());

async function abandonedChallenge(product: "lifetime" | "starter") {
  const buyer = await signUpBuyer();
  const { sessionId, url } = await checkout(buyer, await sandbox.priceId(product));
  const answer = (await sandbox.control(`/_sandbox/checkout/sessions/${sessionId}/pay`, { card: "4000002760003184" })) as { status: string };
  expect(answer.status).toBe("requires_action");
  await reconcile();
  expect(await db.purchase.findUniqueOrThrow({ where: { checkoutSessionId: sessionId } })).toMatchObject({ status: "processing", sessionStatus: "open" });
  return { buyer, sessionId, url };
}

describe("a plan checkout paid before its webhook or status poll reached the storefront", () => {
  it("is settled when the buyer starts Lifetime, which then opens over the subscription it paid for", async () => {
    const buyer = await signUpBuyer();
    const { sessionId } = await checkout(buyer, await sandbox.priceId("starter"));
    await sandbox.control(`/_sandbox/checkout/sessions/${sessionId}/pay`, { card: "4242424242424242" });

    const lifetime = await requestCheckout(buyer, { priceId: await sandbox.priceId("lifetime") });

    expect(lifetime.status).toBe(200);
    expect(await db.plan.findUniqueOrThrow({ where: { userId: buyer.id } })).toMatchObject({ tier: "starter", status: "active" });
  });

  it("refuses a second subscription once settled", async () => {
    const buyer = await signUpBuyer();
    const { sessionId } = await checkout(buyer, await sandbox.priceId("starter"));
    await sandbox.control(`/_sandbox/checkout/sessions/${sessionId}/pay`, { card: "4242424242424242" });

    const advanced = await requestCheckout(buyer, { priceId: await sandbox.priceId("advanced") });

    expect(advanced.status).toBe(409);
    expect(await db.plan.findUniqueOrThrow({ where: { userId: buyer.id } })).toMatchObject({ tier: "starter", status: "active" });
  });
});

describe("a plan checkout left at its 3-D Secure challenge", () => {
  it("is offered again to finish when the buyer buys the same plan", async () => {
    const { buyer, sessionId, url } = await abandonedChallenge("lifetime");
    const again = await requestCheckout(buyer, { priceId: await sandbox.priceId("lifetime") });
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual({ url, sessionId });
  });

  it("is expired when the buyer starts another plan instead, which then opens", async () => {
    const { buyer, sessionId } = await abandonedChallenge("lifetime");
    const starter = await requestCheckout(buyer, { priceId: await sandbox.priceId("starter") });
    expect(starter.status).toBe(200);
    expect(((await starter.json()) as { sessionId: string }).sessionId).not.toBe(sessionId);
    expect((await stripe().checkout.sessions.retrieve(sessionId)).status).toBe("expired");
  });
});
