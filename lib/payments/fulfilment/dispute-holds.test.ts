import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { applyDisputeFromStripe } from "@/lib/payments/apply-stripe-state";
import { stripe } from "@/lib/stripe-gateway/client";
import { signUpBuyer } from "@/test-support/buyers";
import { checkout, coinsOf } from "@/test-support/route-calls";
import { startTestStripe, type TestStripe } from "@/test-support/test-stripe";

// What a dispute does to a Medium pack's 550 coins, by the dispute's kind and by the first state
// the storefront reads it in (its events can be late or lost, and reconcile reads it later).
// Webhooks are off: each test applies Stripe's state when it chooses.

let sandbox: TestStripe;
beforeAll(async () => {
  sandbox = await startTestStripe({ deliverWebhooks: false });
});
afterAll(() => sandbox.close());

const CHARGEBACK_CARD = "4000000000000259";
const INQUIRY_CARD = "4000000000001976";

async function disputedPack(card: string) {
  const buyer = await signUpBuyer();
  const { sessionId } = await checkout(buyer, await sandbox.priceId("medium_pack"));
  await sandbox.control(`/_sandbox/checkout/sessions/${sessionId}/pay`, { card });
  const paymentIntent = String((await stripe().checkout.sessions.retrieve(sessionId)).payment_intent);
  const [dispute] = (await stripe().disputes.list({ payment_intent: paymentIntent })).data;
  if (!dispute) throw new Error(`card ${card} opened no dispute`);
  return { userId: buyer.id, sessionId, disputeId: dispute.id };
}

const heldOf = async (userId: string) => (await db.user.findUniqueOrThrow({ where: { id: userId } })).heldCoins;
const storedDispute = (id: string) => db.dispute.findUniqueOrThrow({ where: { id } });

describe("an inquiry", () => {
  it("holds none of the coins, and is recorded closed when the card network closes it", async () => {
    const { userId, sessionId, disputeId } = await disputedPack(INQUIRY_CARD);

    expect(await applyDisputeFromStripe(disputeId, sessionId)).toBe("applied");
    expect(await coinsOf(userId)).toMatchObject({ balance: 550, ledgerSum: 550 });
    expect(await heldOf(userId)).toBe(0);

    await stripe().disputes.update(disputeId, { evidence: { uncategorized_text: "the buyer used the coins" }, submit: true });
    await sandbox.control(`/_sandbox/disputes/${disputeId}/settle`, { outcome: "won" });
    expect(await applyDisputeFromStripe(disputeId, sessionId)).toBe("applied");

    expect(await storedDispute(disputeId)).toMatchObject({ status: "warning_closed", coinsHeld: 0, closedAt: expect.any(Date) });
    expect(await coinsOf(userId)).toMatchObject({ balance: 550, ledgerSum: 550 });
    expect(await applyDisputeFromStripe(disputeId, sessionId)).toBe("unchanged");
  });
});

describe("a chargeback", () => {
  it("first read under review holds the pack's coins", async () => {
    const { userId, sessionId, disputeId } = await disputedPack(CHARGEBACK_CARD);
    await stripe().disputes.update(disputeId, { evidence: { uncategorized_text: "the buyer used the coins" }, submit: true });

    expect(await applyDisputeFromStripe(disputeId, sessionId)).toBe("applied");

    expect(await storedDispute(disputeId)).toMatchObject({ status: "under_review", coinsHeld: 550, closedAt: null });
    expect(await coinsOf(userId)).toMatchObject({ balance: 0, ledgerSum: 0 });
    expect(await heldOf(userId)).toBe(550);
  });

  it("first read already lost takes the coins without ever holding them", async () => {
    const { userId, sessionId, disputeId } = await disputedPack(CHARGEBACK_CARD);
    await stripe().disputes.close(disputeId);

    expect(await applyDisputeFromStripe(disputeId, sessionId)).toBe("applied");

    expect(await storedDispute(disputeId)).toMatchObject({ status: "lost", coinsHeld: 550, closedAt: expect.any(Date) });
    expect(await coinsOf(userId)).toMatchObject({ balance: 0, ledgerSum: 0 });
    expect(await heldOf(userId)).toBe(0);
    expect(await applyDisputeFromStripe(disputeId, sessionId)).toBe("unchanged");
  });
});
