import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { reverseRefunds } from "@/lib/payments/fulfilment/money-back";
import { settleCheckoutFromStripe } from "@/lib/payments/apply-stripe-state";
import { stripe } from "@/lib/stripe-gateway/client";
import { readCheckout } from "@/lib/stripe-gateway/checkout-sessions";
import { readChargeWithRefunds, type ChargeSnapshot } from "@/lib/stripe-gateway/charges-and-disputes";
import { signUpBuyer } from "@/test-support/buyers";
import { checkout, coinsOf } from "@/test-support/route-calls";
import { startTestStripe, type TestStripe } from "@/test-support/test-stripe";

// Webhooks are off: each test reads Stripe itself and applies the reads in the order it chooses,
// as two deliveries racing each other would.

let sandbox: TestStripe;
beforeAll(async () => {
  sandbox = await startTestStripe({ deliverWebhooks: false });
});
afterAll(() => sandbox.close());

async function paidPurchase(productKey: "medium_pack" | "lifetime" = "medium_pack") {
  const buyer = await signUpBuyer();
  const { sessionId } = await checkout(buyer, await sandbox.priceId(productKey));
  await sandbox.control(`/_sandbox/checkout/sessions/${sessionId}/pay`, { card: "4242424242424242" });
  await settleCheckoutFromStripe(sessionId);
  const paymentIntent = String((await stripe().checkout.sessions.retrieve(sessionId)).payment_intent);
  const chargeId = String((await stripe().paymentIntents.retrieve(paymentIntent)).latest_charge);
  return { userId: buyer.id, sessionId, paymentIntent, chargeId };
}

async function readCharge(chargeId: string): Promise<ChargeSnapshot> {
  const read = await readChargeWithRefunds(chargeId);
  if (!read) throw new Error(`no charge ${chargeId}`);
  return read;
}

async function apply(sessionId: string, read: ChargeSnapshot) {
  const snapshot = await readCheckout(sessionId);
  if (!snapshot) throw new Error(`no session ${sessionId}`);
  return reverseRefunds(snapshot, read);
}

const refundedCentsOf = async (sessionId: string) => (await db.purchase.findUniqueOrThrow({ where: { checkoutSessionId: sessionId } })).refundedCents;

describe("what a purchase keeps of its refunds", () => {
  it("is what Stripe's charge says was refunded, and down again when a refund fails", async () => {
    const { sessionId, paymentIntent, chargeId } = await paidPurchase();
    const refund = await stripe().refunds.create({ payment_intent: paymentIntent, amount: 250 });
    expect(await apply(sessionId, await readCharge(chargeId))).toBe("applied");
    expect(await refundedCentsOf(sessionId)).toBe(250);

    await sandbox.control(`/_sandbox/refunds/${refund.id}/fail`, {});
    expect(await apply(sessionId, await readCharge(chargeId))).toBe("applied");
    expect(await refundedCentsOf(sessionId)).toBe(0);
  });

  it("is kept for a plan's payment too, though no coins move", async () => {
    const { userId, sessionId, paymentIntent, chargeId } = await paidPurchase("lifetime");
    await stripe().refunds.create({ payment_intent: paymentIntent, amount: 1000 });
    expect(await apply(sessionId, await readCharge(chargeId))).toBe("unchanged");
    expect(await refundedCentsOf(sessionId)).toBe(1000);
    expect(await db.plan.findUniqueOrThrow({ where: { userId } })).toMatchObject({ tier: "lifetime", status: "active" });
  });

  it("is not replaced by an older read that commits after a newer one: that read is refused as stale, coins and all", async () => {
    const { userId, sessionId, paymentIntent, chargeId } = await paidPurchase();
    const refund = await stripe().refunds.create({ payment_intent: paymentIntent, amount: 250 });
    const older = await readCharge(chargeId);
    await sandbox.control(`/_sandbox/refunds/${refund.id}/fail`, {});
    const newer = await readCharge(chargeId);

    expect(await apply(sessionId, newer)).toBe("unchanged");
    expect(await apply(sessionId, older)).toBe("stale");

    expect(await refundedCentsOf(sessionId)).toBe(0);
    expect(await coinsOf(userId)).toEqual({ balance: 550, ledgerEntries: 1, ledgerSum: 550 });
  });

  it("takes an older read that agrees with the stored amount without asking for another", async () => {
    const { userId, sessionId, paymentIntent, chargeId } = await paidPurchase();
    await stripe().refunds.create({ payment_intent: paymentIntent, amount: 250 });
    const first = await readCharge(chargeId);
    const second = await readCharge(chargeId);

    expect(await apply(sessionId, second)).toBe("applied");
    expect(await apply(sessionId, first)).toBe("unchanged");

    expect(await refundedCentsOf(sessionId)).toBe(250);
    expect((await coinsOf(userId)).balance).toBe(550 - 275);
  });
});

describe("the purchase a ledger entry names", () => {
  it("is the refunded pack's, on its refund and on the reversal when that refund fails", async () => {
    const { sessionId, paymentIntent, chargeId } = await paidPurchase();
    const refund = await stripe().refunds.create({ payment_intent: paymentIntent, amount: 250 });
    await apply(sessionId, await readCharge(chargeId));
    await sandbox.control(`/_sandbox/refunds/${refund.id}/fail`, {});
    await apply(sessionId, await readCharge(chargeId));

    const entries = await db.coinLedgerEntry.findMany({ where: { checkoutSessionId: sessionId }, select: { reason: true, sourceId: true } });
    expect(entries).toEqual(
      expect.arrayContaining([
        { reason: "purchase", sourceId: sessionId },
        { reason: "refund", sourceId: refund.id },
        { reason: "refund_reversal", sourceId: refund.id },
      ]),
    );
    expect(entries).toHaveLength(3);
  });
});
