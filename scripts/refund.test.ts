import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { afterAll, beforeAll, expect, it } from "vitest";
import { stripe } from "@/lib/stripe-gateway/client";
import { signUpBuyer } from "@/test-support/buyers";
import { checkout } from "@/test-support/route-calls";
import { startTestStripe, type TestStripe } from "@/test-support/test-stripe";

const run = promisify(execFile);
let sandbox: TestStripe;
beforeAll(async () => {
  sandbox = await startTestStripe({ deliverWebhooks: false });
});
afterAll(() => sandbox.close());

function refundCommand(...args: string[]) {
  return run(process.execPath, ["--import", "tsx", "scripts/refund.ts", ...args], { env: process.env });
}

it("refunds a checkout's payment in part through Stripe, by session id or payment id", async () => {
  const buyer = await signUpBuyer();
  const { sessionId } = await checkout(buyer, await sandbox.priceId("medium_pack"));
  await sandbox.control(`/_sandbox/checkout/sessions/${sessionId}/pay`, { card: "4242424242424242" });
  const paymentIntent = String((await stripe().checkout.sessions.retrieve(sessionId)).payment_intent);

  const bySession = await refundCommand(sessionId, "100");
  await refundCommand(paymentIntent, "150");

  expect(bySession.stdout).toMatch(/^refund re_\w+: 100 usd of pi_\w+, succeeded/);
  const refunds = await stripe().refunds.list({ payment_intent: paymentIntent });
  expect(refunds.data.map((r) => r.amount).sort()).toEqual([100, 150]);
});

it("refuses an id that is neither a session nor a payment, and refunds nothing", async () => {
  await expect(refundCommand("ch_test_123")).rejects.toMatchObject({ code: 2 });
});

it("refunds once when run again with the same payment, amount and reason, as after a timeout", async () => {
  const buyer = await signUpBuyer();
  const { sessionId } = await checkout(buyer, await sandbox.priceId("large_pack"));
  await sandbox.control(`/_sandbox/checkout/sessions/${sessionId}/pay`, { card: "4242424242424242" });

  await refundCommand(sessionId, "300");
  const again = await refundCommand(sessionId, "300");
  await refundCommand(sessionId, "300", "--reason", "second goodwill credit");

  expect(again.stdout).toMatch(/already made by an earlier run, not made again/);
  expect(again.stdout).toMatch(/what happens here: the refunded share of the pack's coins is taken back/);
  const paymentIntent = String((await stripe().checkout.sessions.retrieve(sessionId)).payment_intent);
  expect((await stripe().refunds.list({ payment_intent: paymentIntent })).data.map((r) => r.amount)).toEqual([300, 300]);
});

it("says that refunding a subscription payment leaves the plan in force", async () => {
  const buyer = await signUpBuyer();
  const { sessionId } = await checkout(buyer, await sandbox.priceId("starter"));
  await sandbox.control(`/_sandbox/checkout/sessions/${sessionId}/pay`, { card: "4242424242424242" });

  const refunded = await refundCommand(sessionId);

  expect(refunded.stdout).toMatch(/what happens here: this pays an invoice of subscription sub_\w+: the plan stays in force/);
});
