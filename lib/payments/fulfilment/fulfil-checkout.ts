import { randomUUID } from "node:crypto";
import type Stripe from "stripe";
import { isSubscriptionTier } from "@/lib/catalog/plan-policy";
import { isHigherTier, overridePriceId, productByKey, totalCoins, type Product } from "@/lib/catalog/products";
import { env } from "@/lib/config/env";
import type { PaymentStatus, PlanTier } from "@/lib/generated/prisma/enums";
import type { Plan, Purchase } from "@/lib/generated/prisma/client";
import { checkoutVerdict, lifecycleOf } from "@/lib/payments/freshness";
import { paidAmountsOf, type PaidAmounts } from "@/lib/payments/fulfilment/paid-amounts";
import { NOW, type SqlTx } from "@/lib/payments/fulfilment/sql";
import { recordSubscriptionState } from "@/lib/payments/fulfilment/plan-sync";
import { afterCommit, inEventSqlTransaction, StaleSnapshot, type StripeEventRef } from "@/lib/payments/fulfilment/transaction";
import { isPaymentOutcome, recordCoinsCredited, recordPayment } from "@/lib/observability/metrics";
import { planStatusOf } from "@/lib/payments/plans/subscription-facts";
import { deliversGoods, paymentStatusOf } from "@/lib/payments/status/derive-status";
import { idOf } from "@/lib/stripe-gateway/calls";
import { type CheckoutSnapshot } from "@/lib/stripe-gateway/checkout-sessions";

// Settles one Checkout Session from a snapshot just read from Stripe: the purchase row is locked
// for the whole transaction and the goods (coins, or the plan) are delivered only while
// `fulfilledAt` is null. Every payment comes through here, so it is written in SQL
// (lib/payments/fulfilment/sql.ts); a coins purchase is five statements, BEGIN and COMMIT included.

type SettleOutcome =
  | { kind: "duplicate_event" }
  | { kind: "unknown_session" }
  /** The snapshot may be older than the stored state: read Stripe again. */
  | { kind: "stale" }
  | { kind: "settled"; userId: string; productKey: string; from: PaymentStatus; status: PaymentStatus; deliveredNow: boolean };

export async function settleCheckout(snapshot: CheckoutSnapshot, event?: StripeEventRef): Promise<SettleOutcome> {
  const result = await inEventSqlTransaction(event, async (tx): Promise<SettleOutcome> => {
    const purchase = await lockPurchase(tx, snapshot.session);
    if (!purchase) return { kind: "unknown_session" };
    const applied = await applySnapshot(tx, purchase, snapshot);
    return { kind: "settled", userId: purchase.userId, productKey: purchase.productKey, from: purchase.status, ...applied };
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
export async function applySnapshot(tx: SqlTx, purchase: Purchase, snapshot: CheckoutSnapshot): Promise<{ status: PaymentStatus; deliveredNow: boolean }> {
  const paymentIntentId = purchase.paymentIntentId ?? idOf(snapshot.session.payment_intent);
  const subscriptionId = purchase.subscriptionId ?? idOf(snapshot.session.subscription);
  const status = paymentStatusOf(snapshot.session, snapshot.paymentIntent);
  const sessionStatus = lifecycleOf(snapshot.session.status);
  const verdict = purchase.fulfilledAt ? "stale" : checkoutVerdict(purchase, { status, sessionStatus, readStartedAt: snapshot.readStartedAt });
  if (verdict === "reread") throw new StaleSnapshot();
  const paid = paidAmountsOf(snapshot.session);
  if (verdict === "stale") {
    // A completed session's amounts are final, so one missing here is filled in from any read.
    const unrecorded = paid !== null && purchase.subtotalCents === null;
    if (paymentIntentId !== purchase.paymentIntentId || subscriptionId !== purchase.subscriptionId || unrecorded) {
      await tx.query(`UPDATE purchase SET "paymentIntentId" = $2, "subscriptionId" = $3, ${paidAmountsSet(4)}, "updatedAt" = ${NOW} WHERE id = $1`, [
        purchase.id,
        paymentIntentId,
        subscriptionId,
        ...paidAmountValues(unrecorded ? paid : null),
      ]);
    }
    return { status: purchase.status, deliveredNow: false };
  }

  const product = productByKey(purchase.productKey);
  if (!product) throw new Error(`purchase ${purchase.id} names unknown product ${purchase.productKey}`);
  const unsold = deliversGoods(status) ? priceNotSold(snapshot, product) : null;
  const deliverNow = deliversGoods(status) && unsold === null;
  if (unsold) await tx.query(`UPDATE purchase SET "needsOperator" = $2 WHERE id = $1`, [purchase.id, unsold]);
  const values: unknown[] = [
    purchase.id,
    paymentIntentId,
    subscriptionId,
    snapshot.session.url ?? purchase.checkoutUrl,
    status,
    sessionStatus,
    snapshot.readFinishedAt,
    snapshot.paymentIntent?.last_payment_error?.message ?? null,
    deliverNow,
    ...paidAmountValues(paid),
  ];
  // A pack's coins go in with the purchase update: the ledger entry and the balance it adds to.
  let credit = "";
  if (deliverNow && product.kind === "coins") {
    credit = `WITH entry AS (
        INSERT INTO coin_ledger_entry (id, "userId", delta, reason, "sourceId", "checkoutSessionId") VALUES ($15, $16, $17, 'purchase', $18, $18)
          RETURNING "userId", delta
      ), balance AS (
        UPDATE "user" SET "coinBalance" = "coinBalance" + entry.delta, "updatedAt" = ${NOW} FROM entry WHERE "user".id = entry."userId"
      )`;
    values.push(randomUUID(), purchase.userId, totalCoins(product), purchase.checkoutSessionId);
  } else if (deliverNow && product.kind === "plan") {
    await grantPlan(tx, purchase, product, snapshot);
  }
  await tx.query(
    `${credit} UPDATE purchase SET "paymentIntentId" = $2, "subscriptionId" = $3, "checkoutUrl" = $4, status = $5::"PaymentStatus",
       "sessionStatus" = $6::"CheckoutSessionStatus", "stripeReadAt" = $7, "failureMessage" = $8,
       "fulfilledAt" = CASE WHEN $9 THEN ${NOW} ELSE "fulfilledAt" END, ${paidAmountsSet(10)},
       "updatedAt" = ${NOW}
     WHERE id = $1`,
    values,
  );
  if (status !== purchase.status && isPaymentOutcome(status)) afterCommit(() => recordPayment(product.key, status));
  if (deliverNow && product.kind === "coins") afterCommit(() => recordCoinsCredited(totalCoins(product)));
  return { status, deliveredNow: deliverNow };
}

/**
 * Sets the paid amounts from five parameters from $first on (paidAmountValues' order). All null,
 * for a session that has not completed, keeps what is stored.
 */
function paidAmountsSet(first: number): string {
  const [total, subtotal, discount, tax, code] = [0, 1, 2, 3, 4].map((offset) => `$${first + offset}`);
  return `"amountCents" = COALESCE(${total}::int, "amountCents"), "subtotalCents" = COALESCE(${subtotal}::int, "subtotalCents"),
       "discountCents" = COALESCE(${discount}::int, "discountCents"), "taxCents" = COALESCE(${tax}::int, "taxCents"),
       "promotionCode" = CASE WHEN ${subtotal}::int IS NULL THEN "promotionCode" ELSE ${code}::text END`;
}

function paidAmountValues(paid: PaidAmounts | null): unknown[] {
  return paid ? [paid.amountCents, paid.subtotalCents, paid.discountCents, paid.taxCents, paid.promotionCode] : [null, null, null, null, null];
}

/**
 * Why what the buyer paid for is not the product at a price the catalog sells (a session made
 * outside the storefront with our metadata, a price changed in the Dashboard), or null when it is:
 * goods go only with the catalog's own price, once, for one unit.
 */
function priceNotSold(snapshot: CheckoutSnapshot, product: Product): string | null {
  const items = snapshot.session.line_items?.data;
  if (!items) return "the session's line items could not be read";
  const [item, ...others] = items;
  const price = item?.price;
  const sold = price && (price.lookup_key === product.lookupKey || price.id === overridePriceId(product.key, env()));
  if (item && others.length === 0 && item.quantity === 1 && sold) return null;
  const paidFor = items.map((line) => `${line.quantity ?? 1} × ${line.price?.id ?? "no price"}`).join(", ");
  return `paid for ${paidFor}, which is not ${product.key} at the catalog's price (${product.lookupKey})`;
}

/**
 * Locks the purchase row for this session. A session we created always has one, but if the
 * process died between creating the session at Stripe and saving the row, the session's own
 * metadata still names the buyer and the product, so a paid session is never lost.
 */
export async function lockPurchase(tx: SqlTx, session: Stripe.Checkout.Session): Promise<Purchase | null> {
  const lock = () => tx.query<Purchase>(`SELECT * FROM purchase WHERE "checkoutSessionId" = $1 FOR UPDATE`, [session.id]);
  const [existing] = await lock();
  if (existing) return existing;

  const { userId, productKey } = session.metadata ?? {};
  const product = productKey ? productByKey(productKey) : undefined;
  if (!userId || !product) return null;
  // Inserted only for a user that exists; a concurrent recovery of the same session inserts nothing.
  await tx.query(
    `INSERT INTO purchase (id, "checkoutSessionId", "userId", "productKey", mode, "amountCents", currency, "expiresAt", "updatedAt")
     SELECT $1, $2, u.id, $3, $4::"CheckoutMode", $5, $6, timezone('UTC', to_timestamp($7)), ${NOW} FROM "user" u WHERE u.id = $8
     ON CONFLICT ("checkoutSessionId") DO NOTHING`,
    [
      randomUUID(),
      session.id,
      product.key,
      session.mode === "subscription" ? "subscription" : "payment",
      session.amount_total ?? product.cents,
      session.currency ?? product.currency,
      session.expires_at,
      userId,
    ],
  );
  const [recovered] = await lock();
  return recovered ?? null;
}

async function grantPlan(tx: SqlTx, purchase: Purchase, product: Extract<Product, { kind: "plan" }>, snapshot: CheckoutSnapshot): Promise<void> {
  const [current] = await tx.query<Pick<Plan, "tier" | "status" | "sourceId" | "supersededSubscriptionId">>(
    `SELECT tier, status, "sourceId", "supersededSubscriptionId" FROM plan WHERE "userId" = $1`,
    [purchase.userId],
  );
  // A paid-for lower plan must not replace a better active one (two checkouts raced past the
  // guard at checkout time); the payment is still recorded on the purchase.
  if (current?.status === "active" && isHigherTier(current.tier, product.tier)) return;
  // A better plan bought over an active subscription (Lifetime, or a subscription that raced past
  // checkout's guard) replaces it; the subscription is canceled at Stripe, its unused time
  // refunded, after this transaction (lib/payments/plans/replaced-subscription.ts).
  const newSource = snapshot.subscription?.id ?? purchase.checkoutSessionId;
  const superseded =
    current?.status === "active" && isSubscriptionTier(current.tier) && current.sourceId !== newSource ? current.sourceId : null;

  // The subscription was read with the session; subscription_state may hold a newer word on it
  // (a cancellation whose event came before this completion, with no plan row to apply to yet).
  const subscription = snapshot.subscription
    ? (await recordSubscriptionState(tx, { value: snapshot.subscription, readStartedAt: snapshot.readStartedAt, readFinishedAt: snapshot.readFinishedAt }, "keep_stored")).state
    : null;
  const tier: PlanTier = subscription?.tier ?? product.tier;
  await tx.query(
    `INSERT INTO plan ("userId", tier, status, "subscriptionStatus", "sourceId", "currentPeriodEnd", "cancelAtPeriodEnd", "allowanceUsed",
                       "allowanceResetsAt", "allowanceInvoiceId", "scheduledTier", "supersededSubscriptionId", "updatedAt")
     VALUES ($1, $2::"PlanTier", $3::"PlanStatus", $4::"SubscriptionStatus", $5, $6, $7, 0, $6, $8, NULL, $9, ${NOW})
     ON CONFLICT ("userId") DO UPDATE SET tier = excluded.tier, status = excluded.status, "subscriptionStatus" = excluded."subscriptionStatus",
       "sourceId" = excluded."sourceId", "currentPeriodEnd" = excluded."currentPeriodEnd", "cancelAtPeriodEnd" = excluded."cancelAtPeriodEnd",
       "allowanceUsed" = 0, "allowanceResetsAt" = excluded."allowanceResetsAt", "allowanceInvoiceId" = excluded."allowanceInvoiceId",
       "scheduledTier" = NULL, "supersededSubscriptionId" = excluded."supersededSubscriptionId", "updatedAt" = excluded."updatedAt"`,
    [
      purchase.userId,
      tier,
      subscription ? planStatusOf(subscription.status) : "active",
      subscription?.status ?? null,
      snapshot.subscription?.id ?? purchase.checkoutSessionId,
      subscription?.currentPeriodEnd ?? null,
      subscription?.cancelAtPeriodEnd ?? false,
      idOf(snapshot.session.invoice),
      superseded ?? current?.supersededSubscriptionId ?? null,
    ],
  );
}
