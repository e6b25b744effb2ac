import type Stripe from "stripe";
import { isHigherTier, meteredFeature, planByTier, productByKey, totalCoins, type Product } from "@/lib/catalog";
import { ApiError } from "@/lib/errors";
import { db, type Tx } from "@/lib/db";
import type { PaymentStatus, PlanStatus, PlanTier, SubscriptionStatus } from "@/lib/generated/prisma/enums";
import type { Purchase } from "@/lib/generated/prisma/client";
import { checkoutVerdict, lifecycleOf, subscriptionVerdict } from "@/lib/payments/freshness";
import { refundEntriesToWrite } from "@/lib/payments/refund-shares";
import { isFinalSubscriptionStatus, planStatusOf, subscriptionFacts } from "@/lib/payments/subscription-facts";
import { deliversGoods, paymentStatusOf } from "@/lib/payments/status";
import { idOf, type CheckoutSnapshot, type Snapshot } from "@/lib/stripe-gateway";

// The only module that moves money state: coins and plans. The webhook, the status route and
// reconciliation all come here (through lib/payments/settle.ts) with a snapshot just read from
// Stripe; nothing here calls Stripe, so no transaction waits on the network. Exactly-once comes
// from the database, not from memory: the event id is recorded in the same transaction as its
// effect, the purchase row is locked for the whole transaction, goods are delivered only while
// `fulfilledAt` is null, and the ledger's unique (reason, sourceId) stops a second credit even if
// that guard were ever bypassed. Snapshots older than what is stored are refused (freshness.ts).

export interface StripeEventRef {
  id: string;
  type: string;
  created: number;
  objectId: string | null;
}

type SettleOutcome =
  | { kind: "duplicate_event" }
  | { kind: "unknown_session" }
  /** The snapshot may be older than the stored state: read Stripe again. */
  | { kind: "stale" }
  | { kind: "settled"; userId: string; from: PaymentStatus; status: PaymentStatus; deliveredNow: boolean };

const TRANSACTION_LIMITS = { timeout: 15_000, maxWait: 15_000 };

/** Thrown inside a transaction to roll it back, event record included, and ask for a fresh read. */
class StaleSnapshot extends Error {}

/**
 * The one way money state changes: in a transaction that first records the event id (a
 * redelivery finds it and does nothing) and rolls back whole on a stale snapshot.
 */
async function inEventTransaction<T>(event: StripeEventRef | undefined, work: (tx: Tx) => Promise<T>): Promise<T | "duplicate" | "stale"> {
  try {
    return await db.$transaction(async (tx) => {
      if (event && !(await recordEvent(tx, event))) return "duplicate" as const;
      return work(tx);
    }, TRANSACTION_LIMITS);
  } catch (error) {
    if (error instanceof StaleSnapshot) return "stale";
    throw error;
  }
}

/** Records the event id; false when it was recorded before (a redelivery). */
async function recordEvent(tx: Tx, event: StripeEventRef): Promise<boolean> {
  const { count } = await tx.stripeEvent.createMany({
    data: [{ id: event.id, type: event.type, objectId: event.objectId, createdAt: new Date(event.created * 1000) }],
    skipDuplicates: true,
  });
  return count === 1;
}

export async function settleCheckout(snapshot: CheckoutSnapshot, event?: StripeEventRef): Promise<SettleOutcome> {
  const result = await inEventTransaction(event, async (tx): Promise<SettleOutcome> => {
    const purchase = await lockPurchase(tx, snapshot.session);
    if (!purchase) return { kind: "unknown_session" };
    return { kind: "settled", userId: purchase.userId, from: purchase.status, ...(await applySnapshot(tx, purchase, snapshot)) };
  });
  if (result === "duplicate") return { kind: "duplicate_event" };
  if (result === "stale") return { kind: "stale" };
  return result;
}

/**
 * Brings a locked purchase in line with Stripe's state, delivering the goods if it is now paid.
 * Delivered goods are never taken back by a late or reordered event (an expiry after a
 * completion, a failed attempt after a success), and a stale snapshot changes nothing but
 * missing linkage.
 */
async function applySnapshot(
  tx: Tx,
  purchase: Purchase,
  snapshot: CheckoutSnapshot,
): Promise<{ status: PaymentStatus; deliveredNow: boolean }> {
  const linkage = {
    paymentIntentId: purchase.paymentIntentId ?? idOf(snapshot.session.payment_intent),
    subscriptionId: purchase.subscriptionId ?? idOf(snapshot.session.subscription),
  };
  const status = paymentStatusOf(snapshot.session, snapshot.paymentIntent);
  const sessionStatus = lifecycleOf(snapshot.session.status);
  const verdict = purchase.fulfilledAt ? "stale" : checkoutVerdict(purchase, { status, sessionStatus, readStartedAt: snapshot.readStartedAt });
  if (verdict === "reread") throw new StaleSnapshot();
  if (verdict === "stale") {
    if (linkage.paymentIntentId !== purchase.paymentIntentId || linkage.subscriptionId !== purchase.subscriptionId) {
      await tx.purchase.update({ where: { id: purchase.id }, data: linkage });
    }
    return { status: purchase.status, deliveredNow: false };
  }

  const deliverNow = deliversGoods(status);
  if (deliverNow) await deliver(tx, purchase, snapshot);
  await tx.purchase.update({
    where: { id: purchase.id },
    data: {
      ...linkage,
      checkoutUrl: snapshot.session.url ?? purchase.checkoutUrl,
      status,
      sessionStatus,
      stripeReadAt: snapshot.readFinishedAt,
      failureMessage: snapshot.paymentIntent?.last_payment_error?.message ?? null,
      ...(deliverNow && { fulfilledAt: new Date() }),
    },
  });
  return { status, deliveredNow: deliverNow };
}

/**
 * Locks the purchase row for this session. A session we created always has one, but if the
 * process died between creating the session at Stripe and saving the row, the session's own
 * metadata still names the buyer and the product, so a paid session is never lost.
 */
async function lockPurchase(tx: Tx, session: Stripe.Checkout.Session): Promise<Purchase | null> {
  const lock = () => tx.$queryRaw<Purchase[]>`SELECT * FROM "purchase" WHERE "checkoutSessionId" = ${session.id} FOR UPDATE`;
  const [existing] = await lock();
  if (existing) return existing;

  const { userId, productKey } = session.metadata ?? {};
  const product = productKey ? productByKey(productKey) : undefined;
  if (!userId || !product || (await tx.user.count({ where: { id: userId } })) === 0) return null;
  await tx.purchase.createMany({
    data: [
      {
        checkoutSessionId: session.id,
        userId,
        productKey: product.key,
        mode: session.mode === "subscription" ? "subscription" : "payment",
        amountCents: session.amount_total ?? product.cents,
        currency: session.currency ?? product.currency,
        expiresAt: new Date(session.expires_at * 1000),
      },
    ],
    skipDuplicates: true,
  });
  const [recovered] = await lock();
  return recovered ?? null;
}

async function deliver(tx: Tx, purchase: Purchase, snapshot: CheckoutSnapshot): Promise<void> {
  const product: Product | undefined = productByKey(purchase.productKey);
  if (!product) throw new Error(`purchase ${purchase.id} names unknown product ${purchase.productKey}`);

  if (product.kind === "coins") {
    const delta = totalCoins(product);
    await tx.coinLedgerEntry.create({
      data: { userId: purchase.userId, delta, reason: "purchase", sourceId: purchase.checkoutSessionId },
    });
    await tx.user.update({ where: { id: purchase.userId }, data: { coinBalance: { increment: delta } } });
    return;
  }

  const current = await tx.plan.findUnique({ where: { userId: purchase.userId } });
  // A paid-for lower plan must not replace a better active one (two checkouts raced past the
  // guard at checkout time); the payment is still recorded on the purchase.
  if (current?.status === "active" && isHigherTier(current.tier, product.tier)) return;
  // Lifetime bought over a subscription replaces it; the subscription is canceled at Stripe
  // after this transaction (lib/payments/lifetime-upgrade.ts).
  const superseded =
    product.interval === null && current?.status === "active" && current.sourceId.startsWith("sub_") ? current.sourceId : null;

  // The subscription was read with the session; subscription_state may hold a newer word on it
  // (a cancellation whose event came before this completion, with no plan row to apply to yet).
  const subscription = snapshot.subscription
    ? (await recordSubscriptionState(tx, { value: snapshot.subscription, readStartedAt: snapshot.readStartedAt, readFinishedAt: snapshot.readFinishedAt }, "keep_stored")).state
    : null;
  const plan = {
    tier: subscription?.tier ?? product.tier,
    status: subscription ? planStatusOf(subscription.status) : ("active" as const),
    subscriptionStatus: subscription?.status ?? null,
    sourceId: snapshot.subscription?.id ?? purchase.checkoutSessionId,
    currentPeriodEnd: subscription?.currentPeriodEnd ?? null,
    cancelAtPeriodEnd: subscription?.cancelAtPeriodEnd ?? false,
    allowanceUsed: 0,
    allowanceResetsAt: subscription?.currentPeriodEnd ?? null,
    allowanceInvoiceId: idOf(snapshot.session.invoice),
    scheduledTier: null,
    supersededSubscriptionId: superseded ?? current?.supersededSubscriptionId ?? null,
  };
  await tx.plan.upsert({ where: { userId: purchase.userId }, create: { userId: purchase.userId, ...plan }, update: plan });
}

/**
 * Takes back what refunds paid for: a points pack's succeeded refunds debit their share of the
 * coins and a debited refund that later failed gives it back (lib/payments/refund-shares.ts;
 * once per refund id, so redeliveries and later partial refunds add up correctly), and a fully
 * refunded Lifetime purchase ends the plan. A refund whose event overtook the payment's first
 * settles the payment, so the later completion cannot credit coins the refund already covered.
 * A balance may go below zero when the coins were already spent; that debt stays visible.
 */
export async function reverseRefunds(
  snapshot: CheckoutSnapshot,
  charge: Stripe.Charge,
  refunds: Stripe.Refund[],
  event?: StripeEventRef,
): Promise<"applied" | "unchanged" | "duplicate" | "stale"> {
  const result = await inEventTransaction(event, async (tx) => {
    const purchase = await lockPurchase(tx, snapshot.session);
    if (!purchase) return "unchanged";
    if (!purchase.fulfilledAt && !(await applySnapshot(tx, purchase, snapshot)).deliveredNow) return "unchanged";
    const product = productByKey(purchase.productKey);

    if (product?.kind === "coins") {
      const recorded = await tx.coinLedgerEntry.findMany({
        where: { reason: { in: ["refund", "refund_reversal"] }, sourceId: { in: refunds.map((r) => r.id) } },
        select: { reason: true, sourceId: true, delta: true },
      });
      const known = recorded.filter((entry): entry is typeof entry & { reason: "refund" | "refund_reversal" } => entry.reason !== "purchase");
      const entries = refundEntriesToWrite(totalCoins(product), charge.amount, refunds, known);
      for (const entry of entries) {
        await tx.coinLedgerEntry.create({ data: { userId: purchase.userId, ...entry } });
        await tx.user.update({ where: { id: purchase.userId }, data: { coinBalance: { increment: entry.delta } } });
      }
      return entries.length > 0 ? "applied" : "unchanged";
    }
    if (product?.kind === "plan" && product.interval === null && charge.refunded) {
      const { count } = await tx.plan.updateMany({
        where: { userId: purchase.userId, sourceId: purchase.checkoutSessionId, status: "active" },
        data: { status: "canceled" },
      });
      return count > 0 ? "applied" : "unchanged";
    }
    return "unchanged";
  });
  return result;
}

const closedDisputeStatuses = new Set<string>(["won", "lost", "warning_closed"]);
/** Inquiries and early warnings move no money until escalated, so they hold no coins. */
const chargebackStatuses = new Set<string>(["needs_response", "under_review", "won", "lost"]);

/**
 * Follows a dispute on one of our payments. While a chargeback is open, the pack's share of
 * coins is taken out of the balance into held coins (not spendable); a won dispute gives them
 * back, a lost one keeps them debited. A lost dispute on a Lifetime payment ends the plan. Closed
 * is final: a stale read of an open dispute changes nothing after it.
 */
export async function applyDispute(
  snapshot: CheckoutSnapshot,
  dispute: Stripe.Dispute,
  event?: StripeEventRef,
): Promise<"applied" | "unchanged" | "duplicate" | "stale"> {
  return inEventTransaction(event, async (tx) => {
    const purchase = await lockPurchase(tx, snapshot.session);
    if (!purchase) return "unchanged";
    if (!purchase.fulfilledAt && !(await applySnapshot(tx, purchase, snapshot)).deliveredNow) return "unchanged";
    const product = productByKey(purchase.productKey);
    const userId = purchase.userId;

    await tx.dispute.createMany({
      data: [{ id: dispute.id, userId, checkoutSessionId: purchase.checkoutSessionId, status: "new" }],
      skipDuplicates: true,
    });
    const [stored] = await tx.$queryRaw<{ coinsHeld: number; status: string }[]>`
      SELECT "coinsHeld", "status" FROM "dispute" WHERE "id" = ${dispute.id} FOR UPDATE`;
    if (!stored || closedDisputeStatuses.has(stored.status) || stored.status === dispute.status) return "unchanged";

    const closed = closedDisputeStatuses.has(dispute.status);
    let coinsHeld = stored.coinsHeld;
    if (product?.kind === "coins" && coinsHeld === 0 && chargebackStatuses.has(dispute.status) && dispute.status !== "won") {
      coinsHeld = Math.round((totalCoins(product) * dispute.amount) / purchase.amountCents);
      await tx.coinLedgerEntry.create({ data: { userId, delta: -coinsHeld, reason: "dispute_hold", sourceId: dispute.id } });
      // A dispute first seen already lost debits the coins without ever holding them.
      const held = dispute.status === "lost" ? 0 : coinsHeld;
      await tx.user.update({ where: { id: userId }, data: { coinBalance: { decrement: coinsHeld }, heldCoins: { increment: held } } });
    } else if (closed && stored.coinsHeld > 0) {
      if (dispute.status === "lost") {
        await tx.user.update({ where: { id: userId }, data: { heldCoins: { decrement: stored.coinsHeld } } });
      } else {
        await tx.coinLedgerEntry.create({ data: { userId, delta: stored.coinsHeld, reason: "dispute_release", sourceId: dispute.id } });
        await tx.user.update({ where: { id: userId }, data: { coinBalance: { increment: stored.coinsHeld }, heldCoins: { decrement: stored.coinsHeld } } });
      }
    }
    if (dispute.status === "lost" && product?.kind === "plan" && product.interval === null) {
      await tx.plan.updateMany({ where: { userId, sourceId: purchase.checkoutSessionId }, data: { status: "canceled" } });
    }
    await tx.dispute.update({
      where: { id: dispute.id },
      data: { status: dispute.status, coinsHeld, ...(closed && { closedAt: new Date() }) },
    });
    return "applied";
  });
}

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
async function recordSubscriptionState(
  tx: Tx,
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
  const inserted = await tx.subscriptionState.createMany({ data: [{ id, ...reading }], skipDuplicates: true });
  if (inserted.count === 1) return { state: reading, applied: true };

  const [stored] = await tx.$queryRaw<StoredSubscription[]>`
    SELECT "status", "currentPeriodEnd", "cancelAtPeriodEnd", "tier", "stripeReadAt" FROM "subscription_state" WHERE "id" = ${id} FOR UPDATE`;
  if (!stored) throw new Error(`subscription_state ${id} vanished`);
  const verdict = subscriptionVerdict(
    { stripeReadAt: stored.stripeReadAt, ended: isFinalSubscriptionStatus(stored.status) },
    { readStartedAt: snapshot.readStartedAt, ended: isFinalSubscriptionStatus(facts.status) },
  );
  if (verdict === "reread" && overlap === "reread") throw new StaleSnapshot();
  if (verdict !== "apply") return { state: stored, applied: false };
  await tx.subscriptionState.update({ where: { id }, data: reading });
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
    const { applied } = await recordSubscriptionState(tx, snapshot, "reread");
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

export interface Spend {
  source: "allowance" | "coins";
  coinsSpent: number;
  coinBalance: number;
  /** True when this key was spent before: the earlier spend's answer, nothing spent again. */
  replayed: boolean;
}

/**
 * Spends one use of a metered feature, exactly once per idempotency key: from the plan's
 * allowance while it lasts, else from the coin balance, never below zero. The user's row is
 * locked for the whole transaction, so concurrent spends of one user take turns; the unique
 * (user, key) on usage_spend is a second guard.
 */
export async function spendFeature(userId: string, idempotencyKey: string, featureKey: string): Promise<Spend> {
  return db.$transaction(async (tx) => {
    const [user] = await tx.$queryRaw<{ coinBalance: number }[]>`SELECT "coinBalance" FROM "user" WHERE "id" = ${userId} FOR UPDATE`;
    if (!user) throw new ApiError("unauthenticated", "Sign in to continue.");
    const earlier = await tx.usageSpend.findUnique({ where: { userId_idempotencyKey: { userId, idempotencyKey } } });
    if (earlier) {
      if (earlier.feature !== featureKey) {
        throw new ApiError("idempotency_key_reused", `This idempotency key was already used for "${earlier.feature}". Use a new key for a new spend.`);
      }
      return { source: earlier.source, coinsSpent: earlier.coins, coinBalance: user.coinBalance, replayed: true };
    }
    const feature = meteredFeature(featureKey);
    if (!feature) throw new ApiError("invalid_request", `"${featureKey.slice(0, 40)}" is not a feature that can be spent.`);

    const plan = await tx.plan.findUnique({ where: { userId } });
    const limit = plan?.status === "active" ? planByTier(plan.tier).monthlyGenerations : 0;
    if (plan && feature.usesAllowance && (limit === null || plan.allowanceUsed < limit)) {
      await tx.plan.update({ where: { userId }, data: { allowanceUsed: { increment: 1 } } });
      await tx.usageSpend.create({ data: { userId, idempotencyKey, feature: featureKey, source: "allowance" } });
      return { source: "allowance", coinsSpent: 0, coinBalance: user.coinBalance, replayed: false };
    }

    if (user.coinBalance < feature.coinPrice) {
      throw new ApiError(
        "insufficient_balance",
        `A ${feature.name.toLowerCase()} costs ${feature.coinPrice} coins and you have ${user.coinBalance}. Buy a points pack or a plan to continue.`,
      );
    }
    const spend = await tx.usageSpend.create({ data: { userId, idempotencyKey, feature: featureKey, source: "coins", coins: feature.coinPrice } });
    await tx.coinLedgerEntry.create({ data: { userId, delta: -feature.coinPrice, reason: "generation", sourceId: spend.id } });
    await tx.user.update({ where: { id: userId }, data: { coinBalance: { decrement: feature.coinPrice } } });
    return { source: "coins", coinsSpent: feature.coinPrice, coinBalance: user.coinBalance - feature.coinPrice, replayed: false };
  }, TRANSACTION_LIMITS);
}
