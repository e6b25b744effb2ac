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

/** An operator's refund: a new logical attempt each time it is asked for. */
export async function refundPayment(paymentIntentId: string, amount: number | undefined, attempt: string): Promise<Stripe.Refund> {
  return write(`refund:${attempt}`, (idempotencyKey) =>
    stripe().refunds.create({ payment_intent: paymentIntentId, ...(amount !== undefined && { amount }) }, { idempotencyKey }),
  );
}

/**
 * Refunds part of a payment once per `reason`: the refund carries it in its metadata, and an
 * existing refund with it is found first, so a retry days later (when Stripe has pruned the
 * idempotency key) still refunds only once.
 */
export async function refundPaymentOnce(paymentIntentId: string, amount: number, reason: string): Promise<void> {
  const existing = await call(() => stripe().refunds.list({ payment_intent: paymentIntentId, limit: 100 }));
  if (existing.data.some((refund) => refund.metadata?.reason === reason && refund.status !== "failed" && refund.status !== "canceled")) return;
  await write(`refund:${reason}`, (idempotencyKey) =>
    stripe().refunds.create({ payment_intent: paymentIntentId, amount, metadata: { reason } }, { idempotencyKey }),
  );
}
