import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { refundAsOperator } from "@/lib/payments/operator-refund";
import { stripe } from "@/lib/stripe-gateway/client";
import { signUpBuyer } from "@/test-support/buyers";
import { checkout } from "@/test-support/route-calls";
import { startTestStripe, type TestStripe } from "@/test-support/test-stripe";

// An operator's refund as the script and the console make it: once per payment, amount and reason
// (the script) or once per form submission (the console), and never more than is left to refund.

let sandbox: TestStripe;
beforeAll(async () => {
  sandbox = await startTestStripe({ deliverWebhooks: false });
});
afterAll(() => sandbox.close());

async function paidPack(): Promise<{ sessionId: string; paymentIntentId: string }> {
  const buyer = await signUpBuyer();
  const { sessionId } = await checkout(buyer, await sandbox.priceId("medium_pack"));
  await sandbox.control(`/_sandbox/checkout/sessions/${sessionId}/pay`, { card: "4242424242424242" });
  return { sessionId, paymentIntentId: String((await stripe().checkout.sessions.retrieve(sessionId)).payment_intent) };
}

const refundsAtStripe = async (paymentIntentId: string) =>
  (await stripe().refunds.list({ payment_intent: paymentIntentId })).data.map((refund) => ({ amount: refund.amount, key: refund.metadata?.refund_key }));

describe("a refund made for a console form submission", () => {
  it("is made once per submission, whatever its reason, and named by the submission at Stripe", async () => {
    const { sessionId, paymentIntentId } = await paidPack();
    const submissionId = randomUUID();

    const first = await refundAsOperator(sessionId, 100, "goodwill", submissionId);
    const again = await refundAsOperator(sessionId, 100, "goodwill, said again", submissionId);
    const another = await refundAsOperator(sessionId, 100, "goodwill", randomUUID());

    expect(first).toMatchObject({ amount: 100, repeated: false });
    expect(again).toMatchObject({ refundId: first?.refundId, repeated: true });
    expect(another?.refundId).not.toBe(first?.refundId);
    expect(await refundsAtStripe(paymentIntentId)).toEqual(
      expect.arrayContaining([{ amount: 100, key: `operator:submission:${submissionId}` }, expect.objectContaining({ amount: 100 })]),
    );
    expect(await refundsAtStripe(paymentIntentId)).toHaveLength(2);
  });

  it("is answered as made when sent again after it took all that was left", async () => {
    const { sessionId, paymentIntentId } = await paidPack();
    const submissionId = randomUUID();
    await refundAsOperator(sessionId, undefined, "all of it", submissionId);

    expect(await refundAsOperator(sessionId, undefined, "all of it", submissionId)).toMatchObject({ amount: 500, repeated: true });
    expect(await refundsAtStripe(paymentIntentId)).toHaveLength(1);
  });
});

describe("a refund refused before Stripe is asked", () => {
  it("asks for more than is left: the answer says how much is left, and nothing is refunded", async () => {
    const { sessionId, paymentIntentId } = await paidPack();
    await refundAsOperator(sessionId, 450, "most of it", randomUUID());

    await expect(refundAsOperator(sessionId, 51, "a bit more", randomUUID())).rejects.toMatchObject({
      code: "amount_too_large",
      message: `Only 50 of 500 (usd, in cents) is left to refund on payment ${paymentIntentId}; 51 was asked.`,
    });
    expect(await refundsAtStripe(paymentIntentId)).toHaveLength(1);
  });

  it("asks for the rest of a payment already refunded in full", async () => {
    const { sessionId } = await paidPack();
    await refundAsOperator(sessionId, undefined, "everything", randomUUID());

    await expect(refundAsOperator(sessionId, undefined, "everything again", randomUUID())).rejects.toMatchObject({ code: "amount_too_large", message: /already refunded in full/ });
  });

  it("names a payment Stripe does not have", async () => {
    await expect(refundAsOperator("pi_nothing_here", 100, "goodwill")).rejects.toMatchObject({ code: "invalid_request", message: /no successful charge/ });
  });
});

describe("a refund the script makes", () => {
  it("keeps its key of payment, amount and reason, so a re-run after a timeout refunds nothing more", async () => {
    const { sessionId, paymentIntentId } = await paidPack();

    await refundAsOperator(sessionId, 200, "goodwill");
    const rerun = await refundAsOperator(paymentIntentId, 200, "goodwill");

    expect(rerun).toMatchObject({ amount: 200, repeated: true });
    expect(await refundsAtStripe(paymentIntentId)).toEqual([{ amount: 200, key: `operator:${paymentIntentId}:200:goodwill` }]);
  });
});
