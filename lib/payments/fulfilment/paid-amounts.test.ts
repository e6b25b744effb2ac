import type Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { reverseRefundsFromStripe, settleCheckoutFromStripe } from "@/lib/payments/apply-stripe-state";
import { settleCheckout } from "@/lib/payments/fulfilment/fulfil-checkout";
import { paidAmountsOf } from "@/lib/payments/fulfilment/paid-amounts";
import { buyerPurchases } from "@/lib/admin/buyers/history";
import { stripe } from "@/lib/stripe-gateway/client";
import { signUpBuyer, type TestBuyer } from "@/test-support/buyers";
import { checkout, checkoutSnapshot, coinsOf } from "@/test-support/route-calls";
import { startTestStripe, type TestStripe } from "@/test-support/test-stripe";

// What a purchase records as paid comes from the completed Checkout Session: the code the buyer
// typed on Stripe's page (LAUNCH20, made by the catalog setup) and the tax Stripe added, neither
// known when the purchase row was made. Webhooks are off: each test reads and applies Stripe's
// state itself, in the order it chooses, as racing deliveries would.

let sandbox: TestStripe;
beforeAll(async () => {
  sandbox = await startTestStripe({ deliverWebhooks: false });
});
afterAll(() => sandbox.close());

type Pack = "small_pack" | "medium_pack" | "large_pack";

async function openCheckout(buyer: TestBuyer, product: Pack | "starter"): Promise<string> {
  return (await checkout(buyer, await sandbox.priceId(product))).sessionId;
}

async function enterCode(sessionId: string, code = "LAUNCH20"): Promise<void> {
  await sandbox.control(`/_sandbox/checkout/sessions/${sessionId}/promotion_code`, { code });
}

async function pay(sessionId: string): Promise<void> {
  await sandbox.control(`/_sandbox/checkout/sessions/${sessionId}/pay`, { card: "4242424242424242" });
}

const purchaseOf = (sessionId: string) => db.purchase.findUniqueOrThrow({ where: { checkoutSessionId: sessionId } });

const paidColumns = async (sessionId: string) => {
  const { amountCents, subtotalCents, discountCents, taxCents, promotionCode } = await purchaseOf(sessionId);
  return { amountCents, subtotalCents, discountCents, taxCents, promotionCode };
};

describe("what a purchase records as paid", () => {
  it("is the price at full price: no discount, no tax, no code", async () => {
    const buyer = await signUpBuyer();
    const sessionId = await openCheckout(buyer, "medium_pack");
    await pay(sessionId);

    await settleCheckoutFromStripe(sessionId);

    expect(await paidColumns(sessionId)).toEqual({ amountCents: 500, subtotalCents: 500, discountCents: 0, taxCents: 0, promotionCode: null });
  });

  it("is the discounted amount for a pack bought with LAUNCH20, which still delivers every coin of the pack", async () => {
    const buyer = await signUpBuyer();
    const sessionId = await openCheckout(buyer, "medium_pack");
    await enterCode(sessionId);
    await pay(sessionId);

    await settleCheckoutFromStripe(sessionId);

    expect(await paidColumns(sessionId)).toEqual({ amountCents: 400, subtotalCents: 500, discountCents: 100, taxCents: 0, promotionCode: "LAUNCH20" });
    expect(await coinsOf(buyer.id)).toEqual({ balance: 550, ledgerEntries: 1, ledgerSum: 550 });
  });

  it("stays the price while the session is open with a code typed: only the completed session says what was charged", async () => {
    const buyer = await signUpBuyer();
    const sessionId = await openCheckout(buyer, "small_pack");
    await enterCode(sessionId);

    await settleCheckoutFromStripe(sessionId);

    expect(await paidColumns(sessionId)).toEqual({ amountCents: 200, subtotalCents: null, discountCents: 0, taxCents: 0, promotionCode: null });
  });

  it("is not undone by a read of the open session that lands after the completion", async () => {
    const buyer = await signUpBuyer();
    const sessionId = await openCheckout(buyer, "large_pack");
    await enterCode(sessionId);
    const whileOpen = await checkoutSnapshot(sessionId);
    await pay(sessionId);

    await settleCheckout(await checkoutSnapshot(sessionId));
    await settleCheckout(whileOpen);

    expect(await paidColumns(sessionId)).toEqual({ amountCents: 960, subtotalCents: 1200, discountCents: 240, taxCents: 0, promotionCode: "LAUNCH20" });
  });

  it("is filled in by any later read when a delivered purchase lacks it, without crediting again", async () => {
    const buyer = await signUpBuyer();
    const sessionId = await openCheckout(buyer, "medium_pack");
    await enterCode(sessionId);
    await pay(sessionId);
    await settleCheckoutFromStripe(sessionId);
    // As a purchase delivered before this store recorded what was paid.
    await db.purchase.update({ where: { checkoutSessionId: sessionId }, data: { amountCents: 500, subtotalCents: null, discountCents: 0, promotionCode: null } });

    expect(await settleCheckoutFromStripe(sessionId)).toMatchObject({ kind: "settled", deliveredNow: false });

    expect(await paidColumns(sessionId)).toEqual({ amountCents: 400, subtotalCents: 500, discountCents: 100, taxCents: 0, promotionCode: "LAUNCH20" });
    expect(await coinsOf(buyer.id)).toEqual({ balance: 550, ledgerEntries: 1, ledgerSum: 550 });
  });

  it("is recorded when a refund is the first Stripe tells of the payment", async () => {
    const buyer = await signUpBuyer();
    const sessionId = await openCheckout(buyer, "medium_pack");
    await enterCode(sessionId);
    await pay(sessionId);
    const { chargeId, paymentIntent } = await chargeOf(sessionId);
    await stripe().refunds.create({ payment_intent: paymentIntent, amount: 100 });

    await reverseRefundsFromStripe(chargeId, sessionId);

    expect(await paidColumns(sessionId)).toMatchObject({ amountCents: 400, discountCents: 100, promotionCode: "LAUNCH20" });
  });

  it("leaves a plan's code-less checkout as its price: the launch code discounts points packs only", async () => {
    const buyer = await signUpBuyer();
    const sessionId = await openCheckout(buyer, "starter");

    await expect(enterCode(sessionId)).rejects.toThrow();
    await pay(sessionId);
    await settleCheckoutFromStripe(sessionId);

    expect(await paidColumns(sessionId)).toEqual({ amountCents: 500, subtotalCents: 500, discountCents: 0, taxCents: 0, promotionCode: null });
  });
});

async function chargeOf(sessionId: string): Promise<{ paymentIntent: string; chargeId: string }> {
  const paymentIntent = String((await stripe().checkout.sessions.retrieve(sessionId)).payment_intent);
  return { paymentIntent, chargeId: String((await stripe().paymentIntents.retrieve(paymentIntent)).latest_charge) };
}

describe("a refund of a discounted pack", () => {
  it("takes back the share of the coins that its part of the amount paid bought: half of what was paid, half the coins", async () => {
    const buyer = await signUpBuyer();
    const sessionId = await openCheckout(buyer, "medium_pack");
    await enterCode(sessionId);
    await pay(sessionId);
    await settleCheckoutFromStripe(sessionId);
    const { paymentIntent, chargeId } = await chargeOf(sessionId);

    await stripe().refunds.create({ payment_intent: paymentIntent, amount: 200 });
    await reverseRefundsFromStripe(chargeId, sessionId);

    expect(await coinsOf(buyer.id)).toEqual({ balance: 275, ledgerEntries: 2, ledgerSum: 275 });
    expect((await purchaseOf(sessionId)).refundedCents).toBe(200);
  });

  it("takes back every coin when what was paid is refunded in full, and the console offers no more to refund", async () => {
    const buyer = await signUpBuyer();
    const sessionId = await openCheckout(buyer, "large_pack");
    await enterCode(sessionId);
    await pay(sessionId);
    await settleCheckoutFromStripe(sessionId);
    const { paymentIntent, chargeId } = await chargeOf(sessionId);
    expect((await buyerPurchases(buyer.id, 10)).items[0]).toMatchObject({ amountCents: 960, refundableCents: 960 });

    await stripe().refunds.create({ payment_intent: paymentIntent, amount: 960 });
    await reverseRefundsFromStripe(chargeId, sessionId);

    expect(await coinsOf(buyer.id)).toEqual({ balance: 0, ledgerEntries: 2, ledgerSum: 0 });
    expect((await buyerPurchases(buyer.id, 10)).items[0]).toMatchObject({ outcome: "refunded", refundableCents: 0 });
  });
});

describe("the code a completed session names", () => {
  const completed = (discounts: unknown[]) =>
    ({ status: "complete", amount_total: 400, amount_subtotal: 500, total_details: { amount_discount: 100, amount_tax: 0 }, discounts }) as unknown as Stripe.Checkout.Session;

  it("is none when Stripe sent the promotion code's id without expanding it", () => {
    expect(paidAmountsOf(completed([{ promotion_code: "promo_1", coupon: null }]))?.promotionCode).toBeNull();
  });

  it("lists every code, comma-separated, should Stripe ever apply more than one", () => {
    const codes = [{ promotion_code: { code: "LAUNCH20" } }, { promotion_code: { code: "FRIENDS" } }];
    expect(paidAmountsOf(completed(codes))?.promotionCode).toBe("LAUNCH20, FRIENDS");
  });
});
