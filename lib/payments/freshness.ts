import type { CheckoutSessionStatus, PaymentStatus } from "@/lib/generated/prisma/enums";
import { deliversGoods } from "@/lib/payments/status/derive-status";

// When may a snapshot read from Stripe replace what is stored? Reads of one object by the webhook,
// the status poll and reconciliation overlap, and the slower one must not commit an older truth
// over a newer one. Stripe objects carry no version, so the rule rests on two facts:
//
// 1. Some states never change at Stripe. A Checkout Session goes open → complete | expired and
//    never back; a paid session stays paid; a canceled subscription stays canceled. A snapshot in
//    such a state is never stale, and a stored one of them is never replaced by an earlier stage.
// 2. Otherwise, a snapshot is newer than the stored one only if our read of it began after the
//    stored read had ended (both on our clock; app servers keep their clocks in step with NTP).
//    When the reads overlapped, or ours began earlier, we cannot tell which is newer, so the
//    caller reads Stripe again: that read begins after the stored one ended, so one retry
//    normally settles it.
// Linkage (PaymentIntent, subscription ids) is only ever filled in, never blanked.

export type Verdict = "apply" | "stale" | "reread";

const lifecycleStage: Record<CheckoutSessionStatus, number> = { open: 0, complete: 1, expired: 1 };

interface StoredCheckout {
  status: PaymentStatus;
  sessionStatus: CheckoutSessionStatus | null;
  stripeReadAt: Date | null;
}

interface CheckoutReading {
  status: PaymentStatus;
  sessionStatus: CheckoutSessionStatus;
  readStartedAt: Date;
}

/** A session's lifecycle stage as stored; an unknown future status counts as still open. */
export function lifecycleOf(status: string | null): CheckoutSessionStatus {
  return status === "complete" || status === "expired" ? status : "open";
}

function isFinal(status: PaymentStatus): boolean {
  return deliversGoods(status) || status === "expired";
}

export function checkoutVerdict(stored: StoredCheckout, reading: CheckoutReading): Verdict {
  if (isFinal(stored.status)) return "stale";
  if (isFinal(reading.status) || stored.sessionStatus === null) return "apply";
  const stage = lifecycleStage[reading.sessionStatus] - lifecycleStage[stored.sessionStatus];
  if (stage !== 0) return stage > 0 ? "apply" : "stale";
  return readAfter(stored.stripeReadAt, reading.readStartedAt);
}

/** `ended`: canceled or incomplete_expired, which a subscription never leaves. */
export function subscriptionVerdict(
  stored: { stripeReadAt: Date; ended: boolean } | null,
  reading: { readStartedAt: Date; ended: boolean },
): Verdict {
  if (!stored) return "apply";
  if (stored.ended) return "stale";
  if (reading.ended) return "apply";
  return readAfter(stored.stripeReadAt, reading.readStartedAt);
}

function readAfter(storedReadAt: Date | null, readStartedAt: Date): Verdict {
  return storedReadAt === null || readStartedAt >= storedReadAt ? "apply" : "reread";
}
