import type Stripe from "stripe";
import { stripe } from "@/lib/stripe-gateway/client";
import { call, expanded, idOf, write } from "@/lib/stripe-gateway/calls";

// What a subscriber paid for the current period, and refunding some of it once: for the unused
// time of a subscription that Lifetime replaces (lib/payments/plans/replaced-subscription.ts).

export interface SubscriptionPayment {
  paymentIntentId: string;
  amountPaid: number;
  /** What can still be refunded on this payment (a refund already made counts against it). */
  refundable: number;
  lines: { amount: number; start: number; end: number; proration: boolean }[];
}

function linesOf(invoice: Stripe.Invoice): SubscriptionPayment["lines"] {
  return invoice.lines.data.map((line) => ({
    amount: line.amount,
    start: line.period.start,
    end: line.period.end,
    proration: line.parent?.subscription_item_details?.proration ?? false,
  }));
}

/** The paid invoices that bill time after `periodStart` (unix seconds), newest first. */
export async function paymentsForPeriod(subscriptionId: string, periodStart: number): Promise<SubscriptionPayment[]> {
  const { data } = await call(() => stripe().invoices.list({ subscription: subscriptionId, status: "paid", limit: 24, expand: ["data.payments"] }));
  const billingThisPeriod = data.filter((invoice) => invoice.lines.data.some((line) => line.period.end > periodStart));
  const payments = await Promise.all(
    billingThisPeriod.map(async (invoice) => {
      const paymentIntentId = idOf(invoice.payments?.data[0]?.payment.payment_intent);
      if (!paymentIntentId) return null;
      const intent = await call(() => stripe().paymentIntents.retrieve(paymentIntentId, { expand: ["latest_charge"] }));
      const charge = expanded(intent.latest_charge);
      const refundable = charge ? charge.amount - charge.amount_refunded : 0;
      return { created: invoice.created, payment: { paymentIntentId, amountPaid: invoice.amount_paid, refundable, lines: linesOf(invoice) } };
    }),
  );
  return payments
    .filter((entry) => entry !== null)
    .sort((a, b) => b.created - a.created)
    .map((entry) => entry.payment);
}

/** When a payment was made (its latest charge), in unix seconds; null if it has no charge. */
export async function paymentTime(paymentIntentId: string): Promise<number | null> {
  const intent = await call(() => stripe().paymentIntents.retrieve(paymentIntentId, { expand: ["latest_charge"] }));
  return expanded(intent.latest_charge)?.created ?? null;
}

/** Cents already refunded on a payment under `reason` (refunds that failed or were canceled do not count). */
export async function refundedFor(paymentIntentId: string, reason: string): Promise<number> {
  const { data } = await call(() => stripe().refunds.list({ payment_intent: paymentIntentId, limit: 100 }));
  return data
    .filter((refund) => refund.metadata?.reason === reason && refund.status !== "failed" && refund.status !== "canceled")
    .reduce((sum, refund) => sum + refund.amount, 0);
}

/** One refund per payment and reason: the key names both, so a retry can only repeat it. */
export async function refundForReason(paymentIntentId: string, amount: number, reason: string): Promise<void> {
  await write(`refund:${reason}:${paymentIntentId}`, (idempotencyKey) =>
    stripe().refunds.create({ payment_intent: paymentIntentId, amount, metadata: { reason } }, { idempotencyKey }),
  );
}
