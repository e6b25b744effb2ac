import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { productByKey } from "@/lib/catalog/products";
import { settleCheckoutFromStripe } from "@/lib/payments/apply-stripe-state";
import { settleCheckout } from "@/lib/payments/fulfilment/fulfil-checkout";
import { stripe } from "@/lib/stripe-gateway/client";
import { signUpBuyer, type TestBuyer } from "@/test-support/buyers";
import { checkoutSnapshot, coinsOf } from "@/test-support/route-calls";
import { startTestStripe, type TestStripe } from "@/test-support/test-stripe";

// Goods go only for what the catalog sells at its own price. A session made outside the
// storefront (with the Stripe key, a Payment Link, the Dashboard) that carries our metadata is
// still settled from Stripe's word, but what it paid for must be the product, once, at its price.

let sandbox: TestStripe;
beforeAll(async () => {
  sandbox = await startTestStripe({ deliverWebhooks: false });
});
afterAll(() => sandbox.close());

const smallPackLookupKey = productByKey("small_pack")?.lookupKey;

async function paidOutsideTheStorefront(buyer: TestBuyer, productKey: string, ...lineItems: { price: string; quantity: number }[]): Promise<string> {
  const { id: customer } = await stripe().customers.create({ email: buyer.email });
  const metadata = { userId: buyer.id, productKey };
  const session = await stripe().checkout.sessions.create({
    mode: "payment",
    customer,
    line_items: lineItems,
    metadata,
    payment_intent_data: { metadata },
    success_url: "http://app.test/success",
  });
  await sandbox.control(`/_sandbox/checkout/sessions/${session.id}/pay`, { card: "4242424242424242" });
  return session.id;
}

describe("a payment for something the catalog does not sell at that price", () => {
  it("grants no Lifetime for a cheaper price, and records why an operator must look", async () => {
    const buyer = await signUpBuyer();
    const cheap = await stripe().prices.create({ currency: "usd", unit_amount: 50, product_data: { name: "Not the catalog's Lifetime" } });
    const sessionId = await paidOutsideTheStorefront(buyer, "lifetime", { price: cheap.id, quantity: 1 });

    expect(await settleCheckoutFromStripe(sessionId)).toMatchObject({ kind: "settled", status: "paid", deliveredNow: false });

    expect(await db.plan.findUnique({ where: { userId: buyer.id } })).toBeNull();
    const purchase = await db.purchase.findUniqueOrThrow({ where: { checkoutSessionId: sessionId } });
    expect(purchase).toMatchObject({ status: "paid", fulfilledAt: null });
    expect(purchase.needsOperator).toContain(cheap.id);
  });

  it("credits no coins for three packs bought as one, however often it is settled", async () => {
    const buyer = await signUpBuyer();
    const sessionId = await paidOutsideTheStorefront(buyer, "small_pack", { price: await sandbox.priceId("small_pack"), quantity: 3 });

    await settleCheckoutFromStripe(sessionId);
    await settleCheckoutFromStripe(sessionId);

    expect(await coinsOf(buyer.id)).toMatchObject({ balance: 0, ledgerEntries: 0 });
    expect((await db.purchase.findUniqueOrThrow({ where: { checkoutSessionId: sessionId } })).needsOperator).toContain("3 ×");
  });

  it("credits nothing for a pack bought beside something else, and names each line that was paid for", async () => {
    const buyer = await signUpBuyer();
    const small = await sandbox.priceId("small_pack");
    const extra = await stripe().prices.create({ currency: "usd", unit_amount: 300, product_data: { name: "Something else" } });
    const sessionId = await paidOutsideTheStorefront(buyer, "small_pack", { price: small, quantity: 1 }, { price: extra.id, quantity: 2 });

    expect(await settleCheckoutFromStripe(sessionId)).toMatchObject({ kind: "settled", status: "paid", deliveredNow: false });

    expect(await coinsOf(buyer.id)).toMatchObject({ balance: 0, ledgerEntries: 0 });
    expect((await db.purchase.findUniqueOrThrow({ where: { checkoutSessionId: sessionId } })).needsOperator).toBe(
      `paid for 1 × ${small}, 2 × ${extra.id}, which is not small_pack at the catalog's price (${smallPackLookupKey})`,
    );
  });

  it("names a line Stripe gave without a price as a line with no price", async () => {
    const buyer = await signUpBuyer();
    const sessionId = await paidOutsideTheStorefront(buyer, "small_pack", { price: await sandbox.priceId("small_pack"), quantity: 1 });
    const snapshot = await checkoutSnapshot(sessionId);
    for (const line of snapshot.session.line_items?.data ?? []) line.price = null;

    expect(await settleCheckout(snapshot)).toMatchObject({ kind: "settled", deliveredNow: false });

    expect((await db.purchase.findUniqueOrThrow({ where: { checkoutSessionId: sessionId } })).needsOperator).toBe(
      `paid for 1 × no price, which is not small_pack at the catalog's price (${smallPackLookupKey})`,
    );
  });

  it("credits nothing while the session's line items cannot be read, and says so", async () => {
    const buyer = await signUpBuyer();
    const sessionId = await paidOutsideTheStorefront(buyer, "small_pack", { price: await sandbox.priceId("small_pack"), quantity: 1 });
    const snapshot = await checkoutSnapshot(sessionId);
    delete snapshot.session.line_items;

    expect(await settleCheckout(snapshot)).toMatchObject({ kind: "settled", status: "paid", deliveredNow: false });

    expect(await coinsOf(buyer.id)).toMatchObject({ balance: 0, ledgerEntries: 0 });
    expect((await db.purchase.findUniqueOrThrow({ where: { checkoutSessionId: sessionId } })).needsOperator).toBe("the session's line items could not be read");
  });
});

describe("a payment at a price the catalog sells", () => {
  afterEach(() => {
    delete process.env.STRIPE_PRICE_SMALL_PACK;
  });

  it("credits a pack bought at the price STRIPE_PRICE_<KEY> names instead of the lookup key's", async () => {
    const own = await stripe().prices.create({ currency: "usd", unit_amount: 200, product_data: { name: "Small pack at the store's own price" } });
    process.env.STRIPE_PRICE_SMALL_PACK = own.id;
    const buyer = await signUpBuyer();
    const sessionId = await paidOutsideTheStorefront(buyer, "small_pack", { price: own.id, quantity: 1 });

    expect(await settleCheckoutFromStripe(sessionId)).toMatchObject({ kind: "settled", deliveredNow: true });

    expect((await coinsOf(buyer.id)).balance).toBe(200);
  });

  it("credits a pack bought at the catalog's price outside the storefront, as Stripe says it was paid", async () => {
    const buyer = await signUpBuyer();
    const sessionId = await paidOutsideTheStorefront(buyer, "small_pack", { price: await sandbox.priceId("small_pack"), quantity: 1 });

    expect(await settleCheckoutFromStripe(sessionId)).toMatchObject({ kind: "settled", deliveredNow: true });

    expect((await coinsOf(buyer.id)).balance).toBe(200);
  });
});
