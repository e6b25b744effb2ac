import { db } from "@/lib/db";
import type { ReplacedSubscriptionCredit } from "@/lib/generated/prisma/client";
import { recordSubscriptionRetired } from "@/lib/payments/fulfilment/plan-sync";
import { isFinalSubscriptionStatus, subscriptionFacts } from "@/lib/payments/plans/subscription-facts";
import { unusedTimeCredit } from "@/lib/payments/plans/unused-time";
import { cancelSubscriptionNow, readSubscription } from "@/lib/stripe-gateway/billing";
import { paymentsForPeriod, paymentTime, refundedFor, refundForReason } from "@/lib/stripe-gateway/period-payments";

// A subscriber whose subscription a better plan replaced (Lifetime, or a subscription that raced
// past checkout's guard) must not keep paying for it, nor pay twice for the rest of the period
// they already paid for. After the new plan is recorded (never inside its transaction): the
// unused time is worked out once and stored (lib/payments/plans/unused-time.ts), the old
// subscription is canceled, and only then is the stored amount refunded, so a refund Stripe
// refuses is recorded for the operator and can never keep the old subscription billing.
// Reconciliation runs this again for any plan whose replacement did not finish.

export async function retireSupersededSubscription(userId: string): Promise<void> {
  const plan = await db.plan.findUnique({ where: { userId }, select: { supersededSubscriptionId: true, sourceId: true } });
  const subscriptionId = plan?.supersededSubscriptionId;
  if (!plan || !subscriptionId) return;

  await retireSubscription(userId, subscriptionId, plan.sourceId);
  await recordSubscriptionRetired(userId, subscriptionId);
}

/**
 * Ends one subscription the buyer no longer needs because `replacementSourceId` gives them their
 * plan: its unused time from the replacement's payment on is stored, the subscription canceled,
 * then that amount refunded. A subscription that raced past checkout's guard and never served
 * (it started after the replacement) is owed its whole period.
 */
export async function retireSubscription(userId: string, subscriptionId: string, replacementSourceId: string): Promise<void> {
  const credit = await creditFor(userId, subscriptionId, replacementSourceId);
  await cancelSubscriptionNow(subscriptionId);
  if (credit.status === "pending") await refundCredit(credit);
}

/** The stored credit, or the one worked out now: whoever stores first decides it for everyone. */
async function creditFor(userId: string, subscriptionId: string, replacementSourceId: string): Promise<ReplacedSubscriptionCredit> {
  const stored = await db.replacedSubscriptionCredit.findUnique({ where: { subscriptionId } });
  if (stored) return stored;
  const { periodStart, amountCents } = await unusedTimeOf(subscriptionId, replacementSourceId);
  await db.replacedSubscriptionCredit.createMany({
    data: [{ subscriptionId, userId, periodStart: new Date(periodStart * 1000), amountCents, status: amountCents > 0 ? "pending" : "refunded" }],
    skipDuplicates: true,
  });
  return db.replacedSubscriptionCredit.findUniqueOrThrow({ where: { subscriptionId } });
}

/** When the replacing plan was paid for, on Stripe's clock: from then on the old subscription is not needed. */
async function replacedAt(replacementSourceId: string): Promise<number | null> {
  if (replacementSourceId.startsWith("sub_")) return (await readSubscription(replacementSourceId))?.value.created ?? null;
  const lifetime = await db.purchase.findUnique({ where: { checkoutSessionId: replacementSourceId }, select: { paymentIntentId: true } });
  return lifetime?.paymentIntentId ? paymentTime(lifetime.paymentIntentId) : null;
}

async function unusedTimeOf(subscriptionId: string, replacementSourceId: string): Promise<{ periodStart: number; amountCents: number }> {
  const snapshot = await readSubscription(subscriptionId);
  const item = snapshot?.value.items.data[0];
  // Already over (canceled in the portal, or ended by failed renewals): no time left to owe.
  if (!snapshot || !item || isFinalSubscriptionStatus(subscriptionFacts(snapshot.value).status)) return { periodStart: 0, amountCents: 0 };
  const period = { start: item.current_period_start, end: item.current_period_end };
  const paidAt = await replacedAt(replacementSourceId);
  const payments = await paymentsForPeriod(subscriptionId, period.start);
  return { periodStart: period.start, amountCents: unusedTimeCredit(period, paidAt ?? Math.floor(Date.now() / 1000), payments) };
}

/**
 * Refunds the stored amount from the period's payments, newest first, each at most what is still
 * refundable on it (an operator may have refunded some already), one refund per payment.
 */
async function refundCredit(credit: ReplacedSubscriptionCredit): Promise<void> {
  const reason = `replaced_${credit.subscriptionId}`;
  const payments = await paymentsForPeriod(credit.subscriptionId, Math.floor(credit.periodStart.getTime() / 1000));
  const already = new Map(await Promise.all(payments.map(async (p) => [p.paymentIntentId, await refundedFor(p.paymentIntentId, reason)] as const)));
  let remaining = credit.amountCents - [...already.values()].reduce((sum, cents) => sum + cents, 0);
  let failure: string | null = null;
  try {
    for (const payment of payments) {
      const amount = Math.min(remaining, payment.refundable);
      if (amount <= 0 || (already.get(payment.paymentIntentId) ?? 0) > 0) continue;
      await refundForReason(payment.paymentIntentId, amount, reason);
      remaining -= amount;
    }
  } catch (error) {
    failure = error instanceof Error ? error.message : String(error);
  }
  // Stripe's own record decides what was refunded, whichever of two concurrent runs got there.
  const refundedCents = (await Promise.all(payments.map((p) => refundedFor(p.paymentIntentId, reason)))).reduce((sum, cents) => sum + cents, 0);
  const short = refundedCents < credit.amountCents;
  await db.replacedSubscriptionCredit.update({
    where: { subscriptionId: credit.subscriptionId },
    data: {
      refundedCents,
      status: failure && short ? "failed" : "refunded",
      failure: failure && short ? failure : short ? `only ${refundedCents} of ${credit.amountCents} cents could be refunded: the rest of the period's payments was refunded already` : null,
    },
  });
}
