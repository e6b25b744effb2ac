import { stripeDashboardUrl } from "@/lib/admin/stripe-dashboard";
import { paidBreakdown, type PaidBreakdown } from "@/lib/account/paid-breakdown";
import type { CheckoutMode, CheckoutSessionStatus, LedgerReason, PaymentStatus, PlanStatus, PlanTier, SubscriptionStatus } from "@/lib/generated/prisma/enums";
import { EVENTS_SHOWN, readPurchaseRecords, type PurchaseRecords } from "@/lib/admin/purchases/purchase-records";

// Everything that happened to one purchase, oldest first: the session, each Stripe event about it
// (its session, payment, subscription, disputes and refunded charge), the coins it moved, its
// disputes, the plan it bought and what operators did to it. Each item links to Stripe's page for
// it where Stripe has one, in the mode of the store's key.

export interface PurchaseDetail {
  checkoutSessionId: string;
  userId: string;
  email: string;
  productKey: string;
  mode: CheckoutMode;
  amountCents: number;
  currency: string;
  /** Subtotal, discount and code, tax and total, once the session completed. */
  breakdown: PaidBreakdown | null;
  status: PaymentStatus;
  sessionStatus: CheckoutSessionStatus | null;
  refundedCents: number;
  paymentIntentId: string | null;
  subscriptionId: string | null;
  failureMessage: string | null;
  needsOperator: string | null;
  createdAt: string;
  expiresAt: string;
  fulfilledAt: string | null;
  links: { session: string | null; payment: string | null; subscription: string | null };
}

/** processed, duplicate and ignored are stamped outcomes; failed and in_progress are unfinished claims. */
export type EventState = "processed" | "duplicate" | "ignored" | "failed" | "in_progress";

interface Item {
  /** When it happened here (for an event: when its first copy arrived). */
  at: string;
  /** The object's page in the Stripe Dashboard, if it has one. */
  link: string | null;
}

export type TimelineItem = Item &
  (
    | { kind: "session_created"; id: string }
    | { kind: "delivered" }
    | {
        kind: "event";
        id: string;
        type: string;
        objectId: string | null;
        state: EventState;
        /** The stored outcome as written, e.g. "ignored: <why>". */
        outcome: string | null;
        attempts: number;
        /** processedAt − claimedAt: how long the attempt that finished took. */
        durationMs: number | null;
        lastError: string | null;
      }
    | { kind: "ledger"; id: string; reason: LedgerReason; delta: number; sourceId: string }
    | { kind: "dispute_opened"; id: string; status: string; coinsHeld: number }
    | { kind: "dispute_closed"; id: string; status: string }
    | {
        kind: "plan";
        tier: PlanTier;
        status: PlanStatus;
        subscriptionStatus: SubscriptionStatus | null;
        currentPeriodEnd: string | null;
        cancelAtPeriodEnd: boolean;
        scheduledTier: PlanTier | null;
      }
    | { kind: "operator_action"; id: string; action: string; actorEmail: string; targetId: string; reason: string; before: unknown; after: unknown }
  );

export interface PurchaseTimeline {
  purchase: PurchaseDetail;
  items: TimelineItem[];
  /** More events than EVENTS_SHOWN: the oldest are left out. */
  eventsTruncated: boolean;
  /** The purchase has refunds, but Stripe could not be asked which charge they are on: its refund events may be missing. */
  chargeUnread: boolean;
}

/** Same-moment items read in the order they happen: the session first, then what arrived, then what it did. */
const KIND_ORDER: Record<TimelineItem["kind"], number> = {
  session_created: 0,
  event: 1,
  delivered: 2,
  ledger: 3,
  dispute_opened: 4,
  dispute_closed: 5,
  plan: 6,
  operator_action: 7,
};

const link = (id: string | null) => (id ? stripeDashboardUrl(id) : null);
const iso = (date: Date | null) => date?.toISOString() ?? null;

function eventState(event: PurchaseRecords["events"][number]): EventState {
  if (event.processedAt === null) return event.lastError === null ? "in_progress" : "failed";
  if (event.outcome === "duplicate") return "duplicate";
  return event.outcome?.startsWith("ignored") ? "ignored" : "processed";
}

function detailOf({ purchase }: PurchaseRecords): PurchaseDetail {
  return {
    checkoutSessionId: purchase.checkoutSessionId,
    userId: purchase.userId,
    email: purchase.user.email,
    productKey: purchase.productKey,
    mode: purchase.mode,
    amountCents: purchase.amountCents,
    currency: purchase.currency,
    breakdown: paidBreakdown(purchase),
    status: purchase.status,
    sessionStatus: purchase.sessionStatus,
    refundedCents: purchase.refundedCents,
    paymentIntentId: purchase.paymentIntentId,
    subscriptionId: purchase.subscriptionId,
    failureMessage: purchase.failureMessage,
    needsOperator: purchase.needsOperator,
    createdAt: purchase.createdAt.toISOString(),
    expiresAt: purchase.expiresAt.toISOString(),
    fulfilledAt: iso(purchase.fulfilledAt),
    links: { session: link(purchase.checkoutSessionId), payment: link(purchase.paymentIntentId), subscription: link(purchase.subscriptionId) },
  };
}

function itemsOf(records: PurchaseRecords): TimelineItem[] {
  const { purchase, ledger, disputes, plan, actions, events } = records;
  const items: TimelineItem[] = [{ kind: "session_created", id: purchase.checkoutSessionId, at: purchase.createdAt.toISOString(), link: link(purchase.checkoutSessionId) }];
  if (purchase.fulfilledAt) items.push({ kind: "delivered", at: purchase.fulfilledAt.toISOString(), link: null });
  for (const event of [...events].reverse()) {
    items.push({
      kind: "event",
      id: event.id,
      type: event.type,
      objectId: event.objectId,
      state: eventState(event),
      outcome: event.outcome,
      attempts: event.attempts,
      durationMs: event.processedAt && event.claimedAt ? event.processedAt.getTime() - event.claimedAt.getTime() : null,
      lastError: event.lastError,
      at: event.firstSeenAt.toISOString(),
      link: link(event.id),
    });
  }
  for (const entry of ledger) {
    items.push({ kind: "ledger", id: entry.id, reason: entry.reason, delta: entry.delta, sourceId: entry.sourceId, at: entry.createdAt.toISOString(), link: link(entry.sourceId) });
  }
  for (const dispute of disputes) {
    items.push({ kind: "dispute_opened", id: dispute.id, status: dispute.status, coinsHeld: dispute.coinsHeld, at: dispute.createdAt.toISOString(), link: link(dispute.id) });
    if (dispute.closedAt) items.push({ kind: "dispute_closed", id: dispute.id, status: dispute.status, at: dispute.closedAt.toISOString(), link: link(dispute.id) });
  }
  if (plan) {
    items.push({
      kind: "plan",
      tier: plan.tier,
      status: plan.status,
      subscriptionStatus: plan.subscriptionStatus,
      currentPeriodEnd: iso(plan.currentPeriodEnd),
      cancelAtPeriodEnd: plan.cancelAtPeriodEnd,
      scheduledTier: plan.scheduledTier,
      at: plan.updatedAt.toISOString(),
      link: link(plan.sourceId),
    });
  }
  for (const action of actions) {
    items.push({
      kind: "operator_action",
      id: action.id,
      action: action.action,
      actorEmail: action.actorEmail,
      targetId: action.targetId,
      reason: action.reason,
      before: action.before,
      after: action.after,
      at: action.createdAt.toISOString(),
      link: null,
    });
  }
  // ISO strings of one format sort as their times do.
  return items.sort((a, b) => (a.at === b.at ? KIND_ORDER[a.kind] - KIND_ORDER[b.kind] : a.at < b.at ? -1 : 1));
}

/** A purchase by its Checkout Session id and all that happened to it, or null when there is none. */
export async function purchaseTimeline(checkoutSessionId: string): Promise<PurchaseTimeline | null> {
  const records = await readPurchaseRecords(checkoutSessionId);
  if (!records) return null;
  return {
    purchase: detailOf(records),
    items: itemsOf(records),
    eventsTruncated: records.events.length === EVENTS_SHOWN,
    chargeUnread: records.chargeUnread,
  };
}
