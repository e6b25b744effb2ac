import { db } from "@/lib/db";
import { ApiError } from "@/lib/http/api-error";
import { idOf } from "@/lib/stripe-gateway/calls";
import { readCheckout } from "@/lib/stripe-gateway/checkout-sessions";

// Everything stored about one purchase, each read by an indexed column; the timeline
// (lib/admin/purchases/timeline.ts) puts it in order. Reads only, none in a transaction: a page
// that is a moment out of step shows it on the next load.

/** A subscription bought years ago has many events; the console shows the newest this many. */
export const EVENTS_SHOWN = 500;
const ACTIONS_SHOWN = 200;

type PurchaseRecord = NonNullable<Awaited<ReturnType<typeof readPurchase>>>;

function readPurchase(checkoutSessionId: string) {
  return db.purchase.findUnique({ where: { checkoutSessionId }, include: { user: { select: { email: true } } } });
}

/**
 * The charge behind a refunded payment. Refund events are stamped with the charge's id (the
 * webhook acts on the charge's refunds), and a purchase keeps no charge id: only Stripe knows it.
 * Asked only for a purchase with refunds, outside any transaction; "unread" when Stripe did not
 * answer, so the page can say those events may be missing rather than fail.
 */
async function chargeOfRefunds(purchase: PurchaseRecord, refundEntries: number): Promise<string | null | "unread"> {
  if (purchase.refundedCents === 0 && refundEntries === 0) return null;
  try {
    return idOf((await readCheckout(purchase.checkoutSessionId))?.paymentIntent?.latest_charge);
  } catch (error) {
    if (error instanceof ApiError) return "unread";
    throw error;
  }
}

export async function readPurchaseRecords(checkoutSessionId: string) {
  const purchase = await readPurchase(checkoutSessionId);
  if (!purchase) return null;
  const ownIds = [purchase.checkoutSessionId, purchase.paymentIntentId, purchase.subscriptionId].filter((id): id is string => id !== null);

  const [ledger, disputes, plan, actions] = await Promise.all([
    db.coinLedgerEntry.findMany({ where: { checkoutSessionId }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] }),
    db.dispute.findMany({ where: { checkoutSessionId }, orderBy: { createdAt: "asc" } }),
    db.plan.findUnique({ where: { userId: purchase.userId } }),
    db.auditLogEntry.findMany({ where: { targetId: { in: ownIds } }, orderBy: { createdAt: "desc" }, take: ACTIONS_SHOWN }),
  ]);
  const refundEntries = ledger.filter((entry) => entry.reason === "refund" || entry.reason === "refund_reversal").length;
  const charge = await chargeOfRefunds(purchase, refundEntries);
  // The buyer's plan is this purchase's if it came from it: Lifetime by its session, a subscription by its sub_.
  const ownPlan = plan && ownIds.includes(plan.sourceId) ? plan : null;

  const objectIds = [
    ...ownIds,
    ...disputes.map((dispute) => dispute.id),
    ...(charge && charge !== "unread" ? [charge] : []),
    ...(ownPlan?.allowanceInvoiceId ? [ownPlan.allowanceInvoiceId] : []),
  ];
  const events = await db.stripeEvent.findMany({
    where: { objectId: { in: objectIds } },
    orderBy: [{ firstSeenAt: "desc" }, { id: "desc" }],
    take: EVENTS_SHOWN,
  });

  return { purchase, ledger, disputes, plan: ownPlan, actions, events, chargeUnread: charge === "unread" };
}

export type PurchaseRecords = NonNullable<Awaited<ReturnType<typeof readPurchaseRecords>>>;
