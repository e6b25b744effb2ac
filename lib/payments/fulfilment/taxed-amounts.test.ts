import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { reverseRefundsFromStripe, settleCheckoutFromStripe } from "@/lib/payments/apply-stripe-state";
import { stripe } from "@/lib/stripe-gateway/client";
import { signUpBuyer } from "@/test-support/buyers";
import { checkout, coinsOf } from "@/test-support/route-calls";
import { startTestStripe, type TestStripe } from "@/test-support/test-stripe";

// STRIPE_AUTOMATIC_TAX=1: Checkout asks for the billing address and Stripe adds tax on top of the
// catalog's (tax-exclusive) prices; the purchase records the tax Stripe charged. The sandbox's
// stand-in tax table (packages/stripe-sandbox/README.md) has Germany at 19 % and New York ZIPs at
// 8.875 %; places without a registration, such as Brazil, pay none.

let sandbox: TestStripe;
beforeAll(async () => {
  sandbox = await startTestStripe({ deliverWebhooks: false });
});
afterAll(() => sandbox.close());

const wasSet = process.env.STRIPE_AUTOMATIC_TAX;
afterEach(() => {
  if (wasSet === undefined) delete process.env.STRIPE_AUTOMATIC_TAX;
  else process.env.STRIPE_AUTOMATIC_TAX = wasSet;
});

const berlin = { country: "DE", postal_code: "10115", line1: "Unter den Linden 1", city: "Berlin" };
const newYork = { country: "US", postal_code: "10001", line1: "350 Fifth Avenue", city: "New York" };

async function taxedCheckout(product: "medium_pack" | "starter"): Promise<{ userId: string; sessionId: string }> {
  process.env.STRIPE_AUTOMATIC_TAX = "1";
  const buyer = await signUpBuyer();
  const { sessionId } = await checkout(buyer, await sandbox.priceId(product));
  return { userId: buyer.id, sessionId };
}

async function pay(sessionId: string, address?: typeof berlin): Promise<unknown> {
  return sandbox.control(`/_sandbox/checkout/sessions/${sessionId}/pay`, { card: "4242424242424242", ...(address && { address }) });
}

const paidColumns = async (sessionId: string) => {
  const { amountCents, subtotalCents, discountCents, taxCents, promotionCode } = await db.purchase.findUniqueOrThrow({ where: { checkoutSessionId: sessionId } });
  return { amountCents, subtotalCents, discountCents, taxCents, promotionCode };
};

describe("a checkout with automatic tax", () => {
  it("asks Stripe for tax and the buyer's full billing address, and takes promotion codes; without the switch, codes only", async () => {
    const taxed = await taxedCheckout("medium_pack");
    expect(await stripe().checkout.sessions.retrieve(taxed.sessionId)).toMatchObject({
      allow_promotion_codes: true,
      automatic_tax: { enabled: true },
      billing_address_collection: "required",
    });

    delete process.env.STRIPE_AUTOMATIC_TAX;
    const { sessionId } = await checkout(await signUpBuyer(), await sandbox.priceId("medium_pack"));
    expect(await stripe().checkout.sessions.retrieve(sessionId)).toMatchObject({ allow_promotion_codes: true, automatic_tax: { enabled: false } });
  });

  it("cannot be paid before the buyer gives an address: nothing is charged and nothing delivered", async () => {
    const { userId, sessionId } = await taxedCheckout("medium_pack");

    await expect(pay(sessionId)).rejects.toThrow();
    await settleCheckoutFromStripe(sessionId);

    expect(await db.purchase.findUniqueOrThrow({ where: { checkoutSessionId: sessionId } })).toMatchObject({ status: "unpaid", fulfilledAt: null });
    expect((await coinsOf(userId)).balance).toBe(0);
  });

  it("records the tax Stripe added on top of a pack's price as part of what was paid, and the address on the customer", async () => {
    const { userId, sessionId } = await taxedCheckout("medium_pack");
    await pay(sessionId, berlin);

    await settleCheckoutFromStripe(sessionId);

    expect(await paidColumns(sessionId)).toEqual({ amountCents: 595, subtotalCents: 500, discountCents: 0, taxCents: 95, promotionCode: null });
    expect(await coinsOf(userId)).toEqual({ balance: 550, ledgerEntries: 1, ledgerSum: 550 });
    const { customer } = await stripe().checkout.sessions.retrieve(sessionId, { expand: ["customer"] });
    expect(customer).toMatchObject({ address: { country: "DE", postal_code: "10115" } });
  });

  it("records no tax where the store collects none", async () => {
    const { sessionId } = await taxedCheckout("medium_pack");
    await pay(sessionId, { country: "BR", postal_code: "01310-100", line1: "Avenida Paulista 1000", city: "São Paulo" });

    await settleCheckoutFromStripe(sessionId);

    expect(await paidColumns(sessionId)).toEqual({ amountCents: 500, subtotalCents: 500, discountCents: 0, taxCents: 0, promotionCode: null });
  });

  it("taxes the discounted amount when a code was used too: subtotal, discount, tax and total all recorded", async () => {
    const { sessionId } = await taxedCheckout("medium_pack");
    await sandbox.control(`/_sandbox/checkout/sessions/${sessionId}/promotion_code`, { code: "LAUNCH20" });
    await pay(sessionId, berlin);

    await settleCheckoutFromStripe(sessionId);

    expect(await paidColumns(sessionId)).toEqual({ amountCents: 476, subtotalCents: 500, discountCents: 100, taxCents: 76, promotionCode: "LAUNCH20" });
  });

  it("records a plan's first payment with its tax", async () => {
    const { userId, sessionId } = await taxedCheckout("starter");
    await pay(sessionId, newYork);

    await settleCheckoutFromStripe(sessionId);

    expect(await paidColumns(sessionId)).toEqual({ amountCents: 544, subtotalCents: 500, discountCents: 0, taxCents: 44, promotionCode: null });
    expect(await db.plan.findUniqueOrThrow({ where: { userId } })).toMatchObject({ tier: "starter", status: "active" });
  });

  it("takes back half a taxed pack's coins for a refund of half of what was paid, tax included", async () => {
    const { userId, sessionId } = await taxedCheckout("medium_pack");
    await sandbox.control(`/_sandbox/checkout/sessions/${sessionId}/promotion_code`, { code: "LAUNCH20" });
    await pay(sessionId, berlin);
    await settleCheckoutFromStripe(sessionId);
    const paymentIntent = String((await stripe().checkout.sessions.retrieve(sessionId)).payment_intent);
    const chargeId = String((await stripe().paymentIntents.retrieve(paymentIntent)).latest_charge);

    await stripe().refunds.create({ payment_intent: paymentIntent, amount: 238 });
    await reverseRefundsFromStripe(chargeId, sessionId);

    expect(await coinsOf(userId)).toEqual({ balance: 275, ledgerEntries: 2, ledgerSum: 275 });
  });
});
