import { refundAsOperator } from "@/lib/payments/operator-refund";

// `npm run refund -- <cs_… or pi_…> [amount in cents] [--reason <words>]`: refunds a payment
// through Stripe, in full or in part, once per payment, amount and reason (lib/payments/operator-refund.ts).
const args = process.argv.slice(2);
const reasonAt = args.indexOf("--reason");
const reason = reasonAt >= 0 ? args[reasonAt + 1] : "operator";
const [id, amountText, ...rest] = reasonAt >= 0 ? [...args.slice(0, reasonAt), ...args.slice(reasonAt + 2)] : args;
const valid =
  id !== undefined && /^(cs_(test|live)_\w+|pi_\w+)$/.test(id) && (amountText === undefined || /^[1-9]\d*$/.test(amountText)) && rest.length === 0 && reason && /^[\w .:-]{1,80}$/.test(reason);
if (!valid) {
  console.error("usage: npm run refund -- <cs_… checkout session or pi_… payment id> [amount in cents] [--reason <words>]");
  process.exit(2);
}
const refund = await refundAsOperator(id, amountText === undefined ? undefined : Number(amountText), reason);
if (!refund) {
  console.error(`${id} has no payment to refund (not paid, or not found at Stripe).`);
  process.exit(1);
}
const made = refund.repeated ? "already made by an earlier run, not made again" : refund.status;
console.log(`refund ${refund.refundId}: ${refund.amount} ${refund.currency} of ${refund.paymentIntentId}, ${made}`);
console.log(`what happens here: ${refund.effect}`);
