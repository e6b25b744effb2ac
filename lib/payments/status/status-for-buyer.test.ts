import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { productByKey, totalCoins, type ProductKey } from "@/lib/catalog/products";
import { db } from "@/lib/db";
import { paymentStatusForSessionToken } from "@/lib/payments/status/status-for-buyer";
import { settleCheckoutFromStripe } from "@/lib/payments/apply-stripe-state";
import { signedSessionToken } from "@/lib/auth/session";
import { signUpBuyer, type TestBuyer } from "@/test-support/buyers";
import { checkout, coinsOf } from "@/test-support/route-calls";
import { startTestStripe, type TestStripe } from "@/test-support/test-stripe";

// The answer the success page and the status route give, with webhooks off: whatever the buyer
// is told comes from this database or from the request's own read of Stripe.

const allowed = async () => true;

function coinsIn(key: ProductKey): number {
  const product = productByKey(key);
  if (product?.kind !== "coins") throw new Error(`${key} is not a coin pack`);
  return totalCoins(product);
}

describe("a buyer's payment status", () => {
  let sandbox: TestStripe;
  beforeAll(async () => {
    sandbox = await startTestStripe({ deliverWebhooks: false });
  });
  afterAll(() => sandbox.close());

  async function started(buyer: TestBuyer, key: ProductKey = "medium_pack"): Promise<string> {
    return (await checkout(buyer, await sandbox.priceId(key))).sessionId;
  }
  const pay = (sessionId: string, card = "4242424242424242") => sandbox.control(`/_sandbox/checkout/sessions/${sessionId}/pay`, { card });
  const tokenOf = (buyer: TestBuyer) => signedSessionToken(buyer.headers);
  async function sessionReads(sessionId: string): Promise<number> {
    const path = encodeURIComponent(`/v1/checkout/sessions/${sessionId}`);
    return ((await sandbox.control(`/_sandbox/requests?path=${path}`)) as { count: number }).count;
  }

  it("says paid once Stripe does, with the coins already in the balance", async () => {
    const buyer = await signUpBuyer();
    const sessionId = await started(buyer);
    await pay(sessionId);

    const answer = await paymentStatusForSessionToken(await tokenOf(buyer), sessionId, allowed);
    expect(answer).toEqual({ userId: buyer.id, status: "paid" });
    expect(await coinsOf(buyer.id)).toEqual({ balance: coinsIn("medium_pack"), ledgerEntries: 1, ledgerSum: coinsIn("medium_pack") });
    expect(await db.purchase.findUniqueOrThrow({ where: { checkoutSessionId: sessionId } })).toMatchObject({ status: "paid" });
  });

  it("credits a payment once however many times the page is loaded at once", async () => {
    const buyer = await signUpBuyer();
    const sessionId = await started(buyer, "small_pack");
    await pay(sessionId);

    const answers = await Promise.all(Array.from({ length: 8 }, async () => paymentStatusForSessionToken(await tokenOf(buyer), sessionId, allowed)));

    expect(answers.map((answer) => answer.status)).toEqual(Array(8).fill("paid"));
    expect(await coinsOf(buyer.id)).toEqual({ balance: coinsIn("small_pack"), ledgerEntries: 1, ledgerSum: coinsIn("small_pack") });
  });

  it("answers a declined card as failed, as the purchase records it", async () => {
    const buyer = await signUpBuyer();
    const sessionId = await started(buyer);
    await pay(sessionId, "4000000000000002");

    const answer = await paymentStatusForSessionToken(await tokenOf(buyer), sessionId, allowed);

    expect(answer.status).toBe("failed");
    expect(await db.purchase.findUniqueOrThrow({ where: { checkoutSessionId: sessionId } })).toMatchObject({ status: "failed" });
    expect((await coinsOf(buyer.id)).balance).toBe(0);
  });

  it("answers unpaid for a checkout nobody has paid yet", async () => {
    const buyer = await signUpBuyer();
    const sessionId = await started(buyer);

    expect((await paymentStatusForSessionToken(await tokenOf(buyer), sessionId, allowed)).status).toBe("unpaid");
  });

  it("answers from the database alone when the buyer may not ask Stripe again", async () => {
    const buyer = await signUpBuyer();
    const sessionId = await started(buyer);
    await pay(sessionId);
    const readsBefore = await sessionReads(sessionId);

    const answer = await paymentStatusForSessionToken(await tokenOf(buyer), sessionId, async () => false);

    expect(answer.status).toBe("unpaid");
    expect(await sessionReads(sessionId)).toBe(readsBefore);
    expect((await coinsOf(buyer.id)).balance).toBe(0);
  });

  it("does not ask Stripe about a payment already settled here", async () => {
    const buyer = await signUpBuyer();
    const sessionId = await started(buyer);
    await pay(sessionId);
    await settleCheckoutFromStripe(sessionId);
    const readsBefore = await sessionReads(sessionId);

    expect((await paymentStatusForSessionToken(await tokenOf(buyer), sessionId, allowed)).status).toBe("paid");
    expect(await sessionReads(sessionId)).toBe(readsBefore);
  });

  it("treats someone else's checkout as missing and a request without a session as signed out", async () => {
    const owner = await signUpBuyer();
    const sessionId = await started(owner);
    await pay(sessionId);
    const other = await signUpBuyer();

    await expect(paymentStatusForSessionToken(await tokenOf(other), sessionId, allowed)).rejects.toMatchObject({
      code: "not_found",
      message: "No checkout session with that id belongs to you.",
    });
    await expect(paymentStatusForSessionToken(null, sessionId, allowed)).rejects.toMatchObject({ code: "unauthenticated", message: "Sign in to continue." });
    expect((await coinsOf(owner.id)).balance).toBe(0);
  });

  it("asks Stripe about an unsettled payment when the caller sets no limit", async () => {
    const buyer = await signUpBuyer();
    const sessionId = await started(buyer, "small_pack");
    await pay(sessionId);

    expect((await paymentStatusForSessionToken(await tokenOf(buyer), sessionId)).status).toBe("paid");
    expect((await coinsOf(buyer.id)).balance).toBe(coinsIn("small_pack"));
  });

  it("passes on what Stripe said when it refused the store's key, instead of the stored status", async () => {
    const buyer = await signUpBuyer();
    const sessionId = await started(buyer);
    await pay(sessionId);
    const storeKey = process.env.STRIPE_SECRET_KEY;

    process.env.STRIPE_SECRET_KEY = "sk_live_not_this_store";
    try {
      await expect(paymentStatusForSessionToken(await tokenOf(buyer), sessionId, allowed)).rejects.toMatchObject({ code: "stripe_not_configured" });
    } finally {
      process.env.STRIPE_SECRET_KEY = storeKey;
    }
    expect((await coinsOf(buyer.id)).balance).toBe(0);
  });
});
