import type Stripe from "stripe";
import { isHigherTier, productByKey, totalCoins, type Product } from "@/lib/catalog";
import type { Tx } from "@/lib/db";
import type { PaymentStatus } from "@/lib/generated/prisma/enums";
import type { Purchase } from "@/lib/generated/prisma/client";
import { checkoutVerdict, lifecycleOf } from "@/lib/payments/freshness";
import { recordSubscriptionState } from "@/lib/payments/fulfilment/subscriptions";
import { inEventTransaction, StaleSnapshot, type StripeEventRef } from "@/lib/payments/fulfilment/transaction";
import { planStatusOf } from "@/lib/payments/subscription-facts";
import { deliversGoods, paymentStatusOf } from "@/lib/payments/status";
import { idOf } from "@/lib/stripe-gateway/calls";
import { type CheckoutSnapshot } from "@/lib/stripe-gateway/checkout";

// Settles one Checkout Session from a snapshot just read from Stripe: the purchase row is locked
// for the whole transaction and the goods (coins, or the plan) are delivered only while
// `fulfilledAt` is null.

type SettleOutcome =
  | { kind: "duplicate_event" }
  | { kind: "unknown_session" }
  /** The snapshot may be older than the stored state: read Stripe again. */
  | { kind: "stale" }
  | { kind: "settled"; userId: string; from: PaymentStatus; status: PaymentStatus; deliveredNow: boolean };

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
export async function applySnapshot(
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
export async function lockPurchase(tx: Tx, session: Stripe.Checkout.Session): Promise<Purchase | null> {
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
