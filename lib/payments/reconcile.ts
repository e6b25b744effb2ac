import { db } from "@/lib/db";
import type { PaymentStatus } from "@/lib/generated/prisma/enums";
import { retireSupersededSubscription } from "@/lib/payments/plans/replaced-subscription";
import { applyDisputeFromStripe, applySubscriptionDisputeFromStripe, resyncSubscriptionFromStripe, reverseRefundsFromStripe, settleCheckoutFromStripe } from "@/lib/payments/apply-stripe-state";
import { liveSubscriptionsSince, subscriptionOfPayment } from "@/lib/stripe-gateway/billing";
import { idOf } from "@/lib/stripe-gateway/calls";
import { listMoneyTakenBackSince } from "@/lib/stripe-gateway/charges-and-disputes";
import { ReconcileTally, type ReconcileReport } from "@/lib/payments/reconcile-report";

// The safety net for webhooks that never arrived: re-reads from Stripe what could still change
// (unsettled checkouts, recent subscriptions no plan follows, live subscriptions with their latest
// paid renewal, the past week's refunds and disputes) and settles it through the same fulfilment
// code as the webhook. Meant for cron (`npm run
// reconcile`, or POST /api/cron/reconcile): one bad row is reported and skipped, never stops the
// rest, and only rows Stripe can still change are read, so a run stays small as the table grows.
// During a Stripe outage the rows it cannot read are reported as skipped (reconcile-report.ts).

/** Checkout Sessions live at most 24 h; the margin covers a cron that was down for a day. */
const OPEN_SESSION_MARGIN_MS = 24 * 3600_000;
/** Delayed methods (bank debits) settle within days of the session completing. */
const SETTLING_WINDOW_MS = 14 * 24 * 3600_000;
/** Refunds and disputes are looked for this far back; their own later changes come within days. */
const MONEY_BACK_WINDOW_MS = 7 * 24 * 3600_000;
/** Subscriptions this recent that no plan follows are adopted: longer than a cron could be down. */
const ADOPTION_WINDOW_MS = 40 * 24 * 3600_000;
const PARALLEL_READS = 4;

async function forEachLimited<T>(items: T[], work: (item: T) => Promise<void>): Promise<void> {
  const queue = [...items];
  const workers = Array.from({ length: Math.min(PARALLEL_READS, queue.length) }, async () => {
    for (let item = queue.shift(); item !== undefined; item = queue.shift()) await work(item);
  });
  await Promise.all(workers);
}

function unsettledCheckouts(now: Date): Promise<{ checkoutSessionId: string; userId: string; status: PaymentStatus }[]> {
  return db.purchase.findMany({
    where: {
      fulfilledAt: null,
      OR: [
        { status: { in: ["unpaid", "failed", "canceled"] }, expiresAt: { gt: new Date(now.getTime() - OPEN_SESSION_MARGIN_MS) } },
        { status: "processing", expiresAt: { gt: new Date(now.getTime() - SETTLING_WINDOW_MS) } },
      ],
    },
    select: { checkoutSessionId: true, userId: true, status: true },
    orderBy: { expiresAt: "asc" },
  });
}

/**
 * Plans a subscription still backs, and ended ones whose subscription is not known here to have
 * ended: unpaid or paused until an invoice is paid, or ended by the store itself (a lost
 * chargeback) before Stripe's word on the cancellation arrived.
 */
function subscriptionPlans(): Promise<{ sourceId: string; userId: string }[]> {
  return db.plan.findMany({
    where: { sourceId: { startsWith: "sub_" }, OR: [{ status: "active" }, { subscriptionStatus: { notIn: ["canceled", "incomplete_expired"] } }] },
    select: { sourceId: true, userId: true },
  });
}

/** Stripe's live subscriptions of the last weeks that no plan here follows, with their checkouts. */
async function unadoptedSubscriptions(now: Date): Promise<{ id: string; checkoutSessionId: string }[]> {
  const live = await liveSubscriptionsSince(Math.floor((now.getTime() - ADOPTION_WINDOW_MS) / 1000));
  const known = new Set(
    (await db.plan.findMany({ where: { OR: [{ sourceId: { in: live.map((s) => s.id) } }, { supersededSubscriptionId: { in: live.map((s) => s.id) } }] }, select: { sourceId: true, supersededSubscriptionId: true } })).flatMap(
      (plan) => [plan.sourceId, plan.supersededSubscriptionId],
    ),
  );
  return live.flatMap((s) => (s.checkoutSessionId && !known.has(s.id) ? [{ id: s.id, checkoutSessionId: s.checkoutSessionId }] : []));
}

function describePlanState(state: { tier: string; status: string; subscriptionStatus: string | null; currentPeriodEnd: Date | null; cancelAtPeriodEnd: boolean }): string {
  const end = state.currentPeriodEnd?.toISOString().slice(0, 10) ?? "none";
  return `${state.tier} ${state.subscriptionStatus ?? state.status} (period end ${end}${state.cancelAtPeriodEnd ? ", ending" : ""})`;
}

export async function reconcile(now = new Date()): Promise<ReconcileReport> {
  const tally = new ReconcileTally();
  const { report } = tally;

  await forEachLimited(await unsettledCheckouts(now), (purchase) =>
    tally.row(purchase.checkoutSessionId, async () => {
      const outcome = await settleCheckoutFromStripe(purchase.checkoutSessionId);
      if (outcome.kind === "unknown_session") return tally.fail(purchase.checkoutSessionId, "Stripe has no such Checkout Session");
      if (outcome.kind !== "settled" || outcome.from === outcome.status) return;
      if (outcome.deliveredNow) report.delivered += 1;
      report.drift.push({
        object: purchase.checkoutSessionId,
        userId: purchase.userId,
        change: `${outcome.from} → ${outcome.status}${outcome.deliveredNow ? ", goods delivered" : ""}`,
      });
    }),
  );

  const unadopted = await tally.list("subscriptions of the last 40 days", () => unadoptedSubscriptions(now), []);
  await forEachLimited(unadopted, (subscription) =>
    tally.row(subscription.id, async () => {
      const outcome = await settleCheckoutFromStripe(subscription.checkoutSessionId);
      if (outcome.kind === "settled" && outcome.deliveredNow) {
        report.delivered += 1;
        report.drift.push({ object: subscription.id, userId: outcome.userId, change: "subscription with no plan here adopted from its checkout" });
      }
    }),
  );

  await forEachLimited(await subscriptionPlans(), (plan) =>
    tally.row(plan.sourceId, async () => {
      const outcome = await resyncSubscriptionFromStripe(plan.sourceId);
      if (outcome === "unknown_subscription") return tally.fail(plan.sourceId, "Stripe has no such subscription");
      if (outcome === "duplicate") return;
      for (const change of outcome) {
        report.drift.push({ object: plan.sourceId, userId: change.userId, change: `plan ${describePlanState(change.from)} → ${describePlanState(change.to)}` });
      }
    }),
  );

  const since = Math.floor((now.getTime() - MONEY_BACK_WINDOW_MS) / 1000);
  const { refunds, disputes } = await tally.list("refunds and disputes of the past week", () => listMoneyTakenBackSince(since), { refunds: [], disputes: [] });
  const refundedCharges = new Map(refunds.flatMap((r) => (idOf(r.charge) && idOf(r.payment_intent) ? [[idOf(r.charge) as string, idOf(r.payment_intent) as string]] : [])));
  await forEachLimited([...refundedCharges], async ([chargeId, paymentIntentId]) => {
    const purchase = await db.purchase.findFirst({ where: { paymentIntentId }, select: { checkoutSessionId: true, userId: true } });
    if (!purchase) return;
    await tally.row(chargeId, async () => {
      if ((await reverseRefundsFromStripe(chargeId, purchase.checkoutSessionId)) === "applied") {
        report.drift.push({ object: chargeId, userId: purchase.userId, change: "refunds applied to the coin balance" });
      }
    });
  });
  await forEachLimited(disputes, async (dispute) => {
    const paymentIntentId = idOf(dispute.payment_intent) ?? "";
    const purchase = await db.purchase.findFirst({ where: { paymentIntentId }, select: { checkoutSessionId: true, userId: true } });
    await tally.row(dispute.id, async () => {
      const subscriptionId = purchase ? null : await subscriptionOfPayment(paymentIntentId);
      const outcome = purchase
        ? await applyDisputeFromStripe(dispute.id, purchase.checkoutSessionId)
        : subscriptionId
          ? await applySubscriptionDisputeFromStripe(dispute.id, subscriptionId)
          : "unchanged";
      if (outcome === "applied") {
        const userId = purchase?.userId ?? (await db.plan.findFirst({ where: { sourceId: subscriptionId ?? "" }, select: { userId: true } }))?.userId ?? "";
        report.drift.push({ object: dispute.id, userId, change: `dispute ${dispute.status} applied` });
      }
    });
  });

  const replaced = await db.plan.findMany({ where: { supersededSubscriptionId: { not: null } }, select: { userId: true, supersededSubscriptionId: true } });
  await forEachLimited(replaced, (plan) =>
    tally.row(plan.supersededSubscriptionId ?? "", async () => {
      await retireSupersededSubscription(plan.userId);
      report.drift.push({ object: plan.supersededSubscriptionId ?? "", userId: plan.userId, change: "subscription replaced by Lifetime canceled, unused time refunded" });
    }),
  );

  return tally.finish();
}
