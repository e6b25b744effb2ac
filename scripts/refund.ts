import { randomUUID } from "node:crypto";
import { paymentIntentFor } from "@/lib/stripe-gateway/checkout-sessions";
import { refundPayment } from "@/lib/stripe-gateway/charges-and-disputes";

// `npm run refund -- <cs_… or pi_…> [amount in cents]`: refunds a payment through Stripe, in full
// or in part. The storefront learns of it from Stripe's webhooks (or reconciliation), which take
// back the coins or end the plan exactly as for a refund made in the Dashboard.
const [id, amountText] = process.argv.slice(2);
if (!id || !/^(cs_(test|live)_\w+|pi_\w+)$/.test(id) || (amountText !== undefined && !/^[1-9]\d*$/.test(amountText))) {
  console.error("usage: npm run refund -- <cs_… checkout session or pi_… payment id> [amount in cents]");
  process.exit(2);
}
const paymentIntent = await paymentIntentFor(id);
if (!paymentIntent) {
  console.error(`${id} has no payment to refund (not paid, or not found at Stripe).`);
  process.exit(1);
}
const refund = await refundPayment(paymentIntent, amountText === undefined ? undefined : Number(amountText), randomUUID());
console.log(`refund ${refund.id}: ${refund.amount} ${refund.currency} of ${paymentIntent}, ${refund.status}`);
