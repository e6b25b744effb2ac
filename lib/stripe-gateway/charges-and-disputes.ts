import type Stripe from "stripe";
import { stripe } from "@/lib/stripe-gateway/client";
import { call, read, write } from "@/lib/stripe-gateway/calls";

// Money taken back: refunds (read and made) and disputes.

/** Refunds and disputes created since `since` (unix seconds), newest first: reconciliation's list. */
export async function listMoneyTakenBackSince(since: number): Promise<{ refunds: Stripe.Refund[]; disputes: Stripe.Dispute[] }> {
  const [refunds, disputes] = await Promise.all([
    call(() => stripe().refunds.list({ created: { gte: since }, limit: 100 }).autoPagingToArray({ limit: 10_000 })),
    call(() => stripe().disputes.list({ created: { gte: since }, limit: 100 }).autoPagingToArray({ limit: 10_000 })),
  ]);
  return { refunds, disputes };
}

export async function readDispute(disputeId: string): Promise<Stripe.Dispute | null> {
  return (await read(() => stripe().disputes.retrieve(disputeId)))?.value ?? null;
}

/** A charge and its refunds, read one after the other: the timing spans both reads. */
export interface ChargeSnapshot {
  charge: Stripe.Charge;
  refunds: Stripe.Refund[];
  readStartedAt: Date;
  readFinishedAt: Date;
}

export async function readChargeWithRefunds(chargeId: string): Promise<ChargeSnapshot | null> {
  const charge = await read(() => stripe().charges.retrieve(chargeId));
  if (!charge) return null;
  const refunds = await call(() => stripe().refunds.list({ charge: chargeId, limit: 100 }).autoPagingToArray({ limit: 10_000 }));
  return { charge: charge.value, refunds, readStartedAt: charge.readStartedAt, readFinishedAt: new Date() };
}

/**
 * A refund made once per `key`: the refund carries the key in its metadata and an existing one is
 * found first, so a re-run days later (when Stripe has forgotten the idempotency key) finds it.
 */
export async function refundOnceForKey(paymentIntentId: string, amount: number | undefined, key: string): Promise<{ refund: Stripe.Refund; repeated: boolean }> {
  const existing = await call(() => stripe().refunds.list({ payment_intent: paymentIntentId, limit: 100 }));
  const earlier = existing.data.find((refund) => refund.metadata?.refund_key === key && refund.status !== "failed" && refund.status !== "canceled");
  if (earlier) return { refund: earlier, repeated: true };
  const refund = await write(`refund:${key}`, (idempotencyKey) =>
    stripe().refunds.create({ payment_intent: paymentIntentId, ...(amount !== undefined && { amount }), metadata: { refund_key: key } }, { idempotencyKey }),
  );
  return { refund, repeated: false };
}
