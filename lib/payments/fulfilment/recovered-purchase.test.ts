import type Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { settleCheckout } from "@/lib/payments/fulfilment/fulfil-checkout";
import { stripe } from "@/lib/stripe-gateway/client";
import { signUpBuyer, type TestBuyer } from "@/test-support/buyers";
import { startTestStripe, type TestStripe } from "@/test-support/test-stripe";
import { checkoutSnapshot } from "@/test-support/route-calls";

// A session Stripe created for us whose purchase row was never saved (the process died in
// between) is recovered from the session's own metadata when it settles. The row it gets is the
// one checkout would have written: what the buyer's history and receipts show comes from it.

let sandbox: TestStripe;
beforeAll(async () => {
  sandbox = await startTestStripe({ deliverWebhooks: false });
});
afterAll(() => sandbox.close());

/** Not the catalog's price: two Medium packs at €12.34, as a session made outside the storefront may sell. */
const twoAtEuroPrice: Stripe.Checkout.SessionCreateParams.LineItem = { price_data: { currency: "eur", unit_amount: 1234, product_data: { name: "Medium pack" } }, quantity: 2 };

/** A session Stripe made for the storefront's metadata whose purchase row was never saved. */
function unsavedSession(
  buyer: TestBuyer,
  productKey: string,
  lineItem: Stripe.Checkout.SessionCreateParams.LineItem,
  mode: "payment" | "subscription" = "payment",
): Promise<Stripe.Checkout.Session> {
  return stripe().checkout.sessions.create({
    mode,
    line_items: [lineItem],
    metadata: { userId: buyer.id, productKey },
    success_url: "http://app.test/success?session_id={CHECKOUT_SESSION_ID}",
  });
}

describe("a session with no purchase row", () => {
  it("is recorded with the session's amount, currency, mode and expiry, and credited once", async () => {
    const buyer = await signUpBuyer();
    const session = await unsavedSession(buyer, "medium_pack", { price: await sandbox.priceId("medium_pack"), quantity: 1 });
    await sandbox.control(`/_sandbox/checkout/sessions/${session.id}/pay`, { card: "4242424242424242" });

    expect(await settleCheckout(await checkoutSnapshot(session.id))).toMatchObject({ kind: "settled", deliveredNow: true, userId: buyer.id, productKey: "medium_pack" });

    const purchase = await db.purchase.findUniqueOrThrow({ where: { checkoutSessionId: session.id } });
    expect(purchase).toMatchObject({ userId: buyer.id, productKey: "medium_pack", mode: "payment", amountCents: session.amount_total, currency: session.currency, status: "paid" });
    expect(purchase.expiresAt?.getTime()).toBe(session.expires_at * 1000);
    expect(await settleCheckout(await checkoutSnapshot(session.id))).toMatchObject({ kind: "settled", deliveredNow: false });
  });

  it("is recorded with what Stripe charged, in the currency it was charged in, not the catalog's price", async () => {
    const buyer = await signUpBuyer();
    const session = await unsavedSession(buyer, "medium_pack", twoAtEuroPrice);
    await sandbox.control(`/_sandbox/checkout/sessions/${session.id}/pay`, { card: "4242424242424242" });

    await settleCheckout(await checkoutSnapshot(session.id));

    expect(await db.purchase.findUniqueOrThrow({ where: { checkoutSessionId: session.id } })).toMatchObject({ amountCents: 2468, currency: "eur" });
  });

  it("is recorded at the amount Stripe showed the buyer when it expired unpaid", async () => {
    const buyer = await signUpBuyer();
    const session = await unsavedSession(buyer, "medium_pack", twoAtEuroPrice);
    await stripe().checkout.sessions.expire(session.id);

    expect(await settleCheckout(await checkoutSnapshot(session.id))).toMatchObject({ kind: "settled", status: "expired", deliveredNow: false });

    expect(await db.purchase.findUniqueOrThrow({ where: { checkoutSessionId: session.id } })).toMatchObject({ amountCents: 2468, currency: "eur", status: "expired" });
  });

  it("is recorded as a subscription when the session sold one", async () => {
    const buyer = await signUpBuyer();
    const session = await unsavedSession(buyer, "starter", { price: await sandbox.priceId("starter"), quantity: 1 }, "subscription");
    await sandbox.control(`/_sandbox/checkout/sessions/${session.id}/pay`, { card: "4242424242424242" });

    await settleCheckout(await checkoutSnapshot(session.id));

    expect(await db.purchase.findUniqueOrThrow({ where: { checkoutSessionId: session.id } })).toMatchObject({ mode: "subscription", productKey: "starter", status: "paid" });
    const { subscription } = await stripe().checkout.sessions.retrieve(session.id);
    expect(await db.plan.findUniqueOrThrow({ where: { userId: buyer.id } })).toMatchObject({ tier: "starter", status: "active", sourceId: String(subscription) });
  });

  it("is left alone when its metadata names no product the storefront sells", async () => {
    const buyer = await signUpBuyer();
    const session = await unsavedSession(buyer, "a_retired_pack", { price: await sandbox.priceId("small_pack"), quantity: 1 });
    await sandbox.control(`/_sandbox/checkout/sessions/${session.id}/pay`, { card: "4242424242424242" });

    expect(await settleCheckout(await checkoutSnapshot(session.id))).toEqual({ kind: "unknown_session" });
    expect(await db.purchase.count({ where: { checkoutSessionId: session.id } })).toBe(0);
  });
});
