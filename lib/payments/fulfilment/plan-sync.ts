import type Stripe from "stripe";
import { isHigherTier } from "@/lib/catalog/products";
import { db, type Tx } from "@/lib/db";
import type { PlanStatus, PlanTier, SubscriptionStatus } from "@/lib/generated/prisma/enums";
import { subscriptionVerdict } from "@/lib/payments/freshness";
import { prismaSql, type SqlTx } from "@/lib/payments/fulfilment/sql";
import { inEventTransaction, StaleSnapshot, type StripeEventRef } from "@/lib/payments/fulfilment/transaction";
import { isFinalSubscriptionStatus, planStatusOf, subscriptionFacts } from "@/lib/payments/plans/subscription-facts";
import type { Snapshot } from "@/lib/stripe-gateway/calls";

// Plans backed by a subscription, kept in step with Stripe's word on it: status, tier, period,
// a pending cancellation, the allowance renewed by each paid invoice, and the buyer's own
// scheduled downgrade.

interface PlanState {
  tier: PlanTier;
  status: PlanStatus;
  subscriptionStatus: SubscriptionStatus | null;
  currentPeriodEnd: Date | null;
  cancelAtPeriodEnd: boolean;
}

interface PlanChange {
  userId: string;
  from: PlanState;
  to: PlanState;
}

/** A paid subscription invoice: renews the plan's allowance, once per invoice id. */
export interface PaidInvoice {
  id: string;
  /** End of the service period the invoice paid for. */
  periodEnd: Date;
}

interface StoredSubscription {
  status: SubscriptionStatus;
  currentPeriodEnd: Date | null;
  cancelAtPeriodEnd: boolean;
  tier: PlanTier | null;
  stripeReadAt: Date;
}

/**
 * Records Stripe's word on a subscription in subscription_state, which exists before any plan row
 * does, so an event that overtakes the checkout's completion is not lost. Answers the state now
 * in force: the snapshot's if it is fresh, else the stored one. `overlap` says what to do when
 * the two reads cannot be ordered: read again, or keep what is stored.
 */
export async function recordSubscriptionState(
  tx: SqlTx,
  snapshot: Snapshot<Stripe.Subscription>,
  overlap: "reread" | "keep_stored",
): Promise<{ state: StoredSubscription; applied: boolean }> {
  const facts = subscriptionFacts(snapshot.value);
  const reading: StoredSubscription = {
    status: facts.status,
    currentPeriodEnd: facts.currentPeriodEnd,
    cancelAtPeriodEnd: facts.cancelAtPeriodEnd,
    tier: facts.tier,
    stripeReadAt: snapshot.readFinishedAt,
  };
  const id = snapshot.value.id;
  const values = [id, reading.status, reading.currentPeriodEnd, reading.cancelAtPeriodEnd, reading.tier, reading.stripeReadAt];
  const inserted = await tx.query(
    `INSERT INTO subscription_state (id, status, "currentPeriodEnd", "cancelAtPeriodEnd", tier, "stripeReadAt")
     VALUES ($1, $2::"SubscriptionStatus", $3, $4, $5::"PlanTier", $6) ON CONFLICT (id) DO NOTHING RETURNING id`,
    values,
  );
  if (inserted.length === 1) return { state: reading, applied: true };

  const [stored] = await tx.query<StoredSubscription>(
    `SELECT status, "currentPeriodEnd", "cancelAtPeriodEnd", tier, "stripeReadAt" FROM subscription_state WHERE id = $1 FOR UPDATE`,
    [id],
  );
  if (!stored) throw new Error(`subscription_state ${id} vanished`);
  const verdict = subscriptionVerdict(
    { stripeReadAt: stored.stripeReadAt, ended: isFinalSubscriptionStatus(stored.status) },
    { readStartedAt: snapshot.readStartedAt, ended: isFinalSubscriptionStatus(facts.status) },
  );
  if (verdict === "reread" && overlap === "reread") throw new StaleSnapshot();
  if (verdict !== "apply") return { state: stored, applied: false };
  await tx.query(
    `UPDATE subscription_state SET status = $2::"SubscriptionStatus", "currentPeriodEnd" = $3, "cancelAtPeriodEnd" = $4, tier = $5::"PlanTier", "stripeReadAt" = $6
     WHERE id = $1`,
    values,
  );
  return { state: reading, applied: true };
}

/**
 * Keeps the plans a subscription backs in step with Stripe: its status (past_due shows as such;
 * canceled, unpaid and incomplete_expired end the plan), the tier its current price sells, the
 * period end and a pending cancellation. A paid invoice renews the allowance, once per invoice and
 * never for an older period. Answers what changed, for reconciliation's report.
 */
export async function syncSubscriptionPlan(
  snapshot: Snapshot<Stripe.Subscription>,
  event?: StripeEventRef,
  paidInvoice?: PaidInvoice,
): Promise<PlanChange[] | "duplicate" | "stale"> {
  const subscription = snapshot.value;
  const facts = subscriptionFacts(subscription);
  return inEventTransaction(event, async (tx) => {
    const { applied } = await recordSubscriptionState(prismaSql(tx), snapshot, "reread");
    const plans = await tx.$queryRaw<(PlanState & { userId: string; allowanceInvoiceId: string | null; allowanceResetsAt: Date | null; scheduledTier: PlanTier | null })[]>`
      SELECT "userId", "tier", "status", "subscriptionStatus", "currentPeriodEnd", "cancelAtPeriodEnd", "allowanceInvoiceId", "allowanceResetsAt", "scheduledTier"
      FROM "plan" WHERE "sourceId" = ${subscription.id} FOR UPDATE`;
    const changes: PlanChange[] = [];
    for (const plan of plans) {
      if (paidInvoice) await renewAllowance(tx, plan, paidInvoice);
      if (!applied) continue;
      const from: PlanState = {
        tier: plan.tier,
        status: plan.status,
        subscriptionStatus: plan.subscriptionStatus,
        currentPeriodEnd: plan.currentPeriodEnd,
        cancelAtPeriodEnd: plan.cancelAtPeriodEnd,
      };
      const { tier, scheduledTier } = tierInForce(plan, facts.tier ?? plan.tier, facts.currentPeriodEnd);
      const to: PlanState = {
        tier,
        status: planStatusOf(facts.status),
        subscriptionStatus: facts.status,
        currentPeriodEnd: facts.currentPeriodEnd,
        cancelAtPeriodEnd: facts.cancelAtPeriodEnd,
      };
      await tx.plan.update({ where: { userId: plan.userId }, data: { ...to, scheduledTier } });
      if (JSON.stringify(from) !== JSON.stringify(to)) changes.push({ userId: plan.userId, from, to });
    }
    return changes;
  });
}

/**
 * The tier a subscription gives now. A downgrade the buyer chose is billed by Stripe from the
 * next renewal, so the current tier stays until the period rolls over; a change made elsewhere
 * (an upgrade in the billing portal) takes effect as Stripe says.
 */
function tierInForce(
  plan: { tier: PlanTier; scheduledTier: PlanTier | null; currentPeriodEnd: Date | null },
  priced: PlanTier,
  periodEnd: Date | null,
): { tier: PlanTier; scheduledTier: PlanTier | null } {
  if (!plan.scheduledTier) return { tier: priced, scheduledTier: null };
  const rolledOver = periodEnd !== null && plan.currentPeriodEnd !== null && periodEnd > plan.currentPeriodEnd;
  if (rolledOver || isHigherTier(priced, plan.tier)) return { tier: priced, scheduledTier: null };
  return { tier: plan.tier, scheduledTier: plan.scheduledTier };
}

/**
 * A chargeback lost on a subscription payment ends the plan it paid for (the caller has canceled
 * the subscription at Stripe first, outside any transaction). Answers whether it ended one.
 */
export async function endPlanForLostDispute(subscriptionId: string, event?: StripeEventRef): Promise<boolean | "duplicate" | "stale"> {
  return inEventTransaction(event, async (tx) => {
    const { count } = await tx.plan.updateMany({ where: { sourceId: subscriptionId, status: "active" }, data: { status: "canceled" } });
    return count > 0;
  });
}

/** The subscription a Lifetime purchase replaced is canceled at Stripe: nothing left to do. */
export async function recordSubscriptionRetired(userId: string, subscriptionId: string): Promise<void> {
  await db.plan.updateMany({ where: { userId, supersededSubscriptionId: subscriptionId }, data: { supersededSubscriptionId: null } });
}

/** Records (or, with null, drops) a downgrade the buyer chose; see tierInForce. */
export async function recordScheduledTier(userId: string, tier: PlanTier | null): Promise<void> {
  await db.plan.update({ where: { userId }, data: { scheduledTier: tier } });
}

async function renewAllowance(
  tx: Tx,
  plan: { userId: string; allowanceInvoiceId: string | null; allowanceResetsAt: Date | null },
  invoice: PaidInvoice,
): Promise<void> {
  if (plan.allowanceInvoiceId === invoice.id) return;
  // A late invoice for an earlier period (or a proration within this one) does not reset it.
  if (plan.allowanceResetsAt && invoice.periodEnd <= plan.allowanceResetsAt) return;
  await tx.plan.update({
    where: { userId: plan.userId },
    data: { allowanceUsed: 0, allowanceResetsAt: invoice.periodEnd, allowanceInvoiceId: invoice.id },
  });
}
