import type Stripe from "stripe";
import { isLifetimeProduct } from "@/lib/catalog/plan-policy";
import { productByKey, totalCoins } from "@/lib/catalog/products";
import { applySnapshot, lockPurchase } from "@/lib/payments/fulfilment/fulfil-checkout";
import { prismaSql } from "@/lib/payments/fulfilment/sql";
import { afterCommit, inEventTransaction, StaleSnapshot, type StripeEventRef } from "@/lib/payments/fulfilment/transaction";
import { recordDispute, recordRefund } from "@/lib/observability/metrics";
import { refundEntriesToWrite } from "@/lib/payments/fulfilment/refund-shares";
import type { CheckoutSnapshot } from "@/lib/stripe-gateway/checkout-sessions";
import type { ChargeSnapshot } from "@/lib/stripe-gateway/charges-and-disputes";

// Money taken back after a payment: refunds and disputes, each applied once per Stripe object.

/**
 * Takes back what refunds paid for: a points pack's succeeded refunds debit their share of the
 * coins and a debited refund that later failed gives it back (lib/payments/fulfilment/refund-shares.ts;
 * once per refund id, so redeliveries and later partial refunds add up correctly), and a fully
 * refunded Lifetime purchase ends the plan. A refund whose event overtook the payment's first
 * settles the payment, so the later completion cannot credit coins the refund already covered.
 * A balance may go below zero when the coins were already spent; that debt stays visible.
 *
 * Every purchase also keeps what Stripe says was refunded, for the buyer's history. That amount
 * falls again when a refund fails, so it is replaced rather than added to, and only by a read that
 * began after the stored one ended (lib/payments/freshness.ts's rule): an older read committed
 * late would otherwise undo a newer one. The ledger entries need no such guard, being keyed by
 * refund id and refund states only moving forward.
 */
export async function reverseRefunds(
  snapshot: CheckoutSnapshot,
  read: ChargeSnapshot,
  event?: StripeEventRef,
): Promise<"applied" | "unchanged" | "duplicate" | "stale"> {
  const { charge, refunds } = read;
  const result = await inEventTransaction(event, async (tx) => {
    const purchase = await lockPurchase(prismaSql(tx), snapshot.session);
    if (!purchase) return "unchanged";
    if (!purchase.fulfilledAt && !(await applySnapshot(prismaSql(tx), purchase, snapshot)).deliveredNow) return "unchanged";
    const product = productByKey(purchase.productKey);

    const fresh = purchase.refundsReadAt === null || read.readStartedAt >= purchase.refundsReadAt;
    if (fresh && charge.amount_refunded > purchase.refundedCents) afterCommit(recordRefund);
    if (fresh) {
      await tx.purchase.update({ where: { id: purchase.id }, data: { refundedCents: charge.amount_refunded, refundsReadAt: read.readFinishedAt } });
    } else if (charge.amount_refunded !== purchase.refundedCents) {
      throw new StaleSnapshot();
    }

    if (product?.kind === "coins") {
      const recorded = await tx.coinLedgerEntry.findMany({
        where: { reason: { in: ["refund", "refund_reversal"] }, sourceId: { in: refunds.map((r) => r.id) } },
        select: { reason: true, sourceId: true, delta: true },
      });
      const known = recorded.filter((entry): entry is typeof entry & { reason: "refund" | "refund_reversal" } => entry.reason !== "purchase");
      const entries = refundEntriesToWrite(totalCoins(product), charge.amount, refunds, known);
      for (const entry of entries) {
        await tx.coinLedgerEntry.create({ data: { userId: purchase.userId, checkoutSessionId: purchase.checkoutSessionId, ...entry } });
        await tx.user.update({ where: { id: purchase.userId }, data: { coinBalance: { increment: entry.delta } } });
      }
      return entries.length > 0 ? "applied" : "unchanged";
    }
    if (isLifetimeProduct(product) && charge.refunded) {
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
    const purchase = await lockPurchase(prismaSql(tx), snapshot.session);
    if (!purchase) return "unchanged";
    if (!purchase.fulfilledAt && !(await applySnapshot(prismaSql(tx), purchase, snapshot)).deliveredNow) return "unchanged";
    const product = productByKey(purchase.productKey);
    const userId = purchase.userId;

    const opened = await tx.dispute.createMany({
      data: [{ id: dispute.id, userId, checkoutSessionId: purchase.checkoutSessionId, status: "new" }],
      skipDuplicates: true,
    });
    if (opened.count === 1) afterCommit(recordDispute);
    const [stored] = await tx.$queryRaw<{ coinsHeld: number; status: string }[]>`
      SELECT "coinsHeld", "status" FROM "dispute" WHERE "id" = ${dispute.id} FOR UPDATE`;
    if (!stored || closedDisputeStatuses.has(stored.status) || stored.status === dispute.status) return "unchanged";

    const closed = closedDisputeStatuses.has(dispute.status);
    let coinsHeld = stored.coinsHeld;
    if (product?.kind === "coins" && coinsHeld === 0 && chargebackStatuses.has(dispute.status) && dispute.status !== "won") {
      coinsHeld = Math.round((totalCoins(product) * dispute.amount) / purchase.amountCents);
      await tx.coinLedgerEntry.create({
        data: { userId, delta: -coinsHeld, reason: "dispute_hold", sourceId: dispute.id, checkoutSessionId: purchase.checkoutSessionId },
      });
      // A dispute first seen already lost debits the coins without ever holding them.
      const held = dispute.status === "lost" ? 0 : coinsHeld;
      await tx.user.update({ where: { id: userId }, data: { coinBalance: { decrement: coinsHeld }, heldCoins: { increment: held } } });
    } else if (closed && stored.coinsHeld > 0) {
      if (dispute.status === "lost") {
        await tx.user.update({ where: { id: userId }, data: { heldCoins: { decrement: stored.coinsHeld } } });
      } else {
        await tx.coinLedgerEntry.create({
          data: { userId, delta: stored.coinsHeld, reason: "dispute_release", sourceId: dispute.id, checkoutSessionId: purchase.checkoutSessionId },
        });
        await tx.user.update({ where: { id: userId }, data: { coinBalance: { increment: stored.coinsHeld }, heldCoins: { decrement: stored.coinsHeld } } });
      }
    }
    if (dispute.status === "lost" && isLifetimeProduct(product)) {
      await tx.plan.updateMany({ where: { userId, sourceId: purchase.checkoutSessionId }, data: { status: "canceled" } });
    }
    await tx.dispute.update({
      where: { id: dispute.id },
      data: { status: dispute.status, coinsHeld, ...(closed && { closedAt: new Date() }) },
    });
    return "applied";
  });
}
