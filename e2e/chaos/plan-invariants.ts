import { planInForce, type AppView } from "./plan-app-state";
import { idOf, lifetimesInForce, liveStatuses, lostDispute, planTruth, standingRefunds, type StripeRecord } from "./plan-truth";
import type { Invariant } from "./plan-world";

// Invariants (a) to (d) of the plan property for one buyer, each comparing the storefront's
// database with Stripe's record after a settled round. A finding names the buyer and says what
// Stripe has against what the storefront has.

export type Finding = { invariant: Invariant; message: string };

function describeSubscriptions(record: StripeRecord): string {
  return record.subscriptions.map((s) => `${s.id} ${s.status}`).join(", ") || "none";
}

/** (a) At most one subscription that has not ended, across every customer with the buyer's email. */
export function oneSubscription(who: string, record: StripeRecord): Finding[] {
  const live = record.subscriptions.filter((s) => liveStatuses.has(s.status));
  if (record.customers.length > 1) return [{ invariant: "a", message: `${who} has ${record.customers.length} Stripe customers: ${record.customers.join(", ")}` }];
  return live.length > 1 ? [{ invariant: "a", message: `${who} has ${live.length} subscriptions that have not ended: ${describeSubscriptions(record)}` }] : [];
}

function seconds(date: Date | null): number | null {
  return date ? Math.round(date.getTime() / 1000) : null;
}

/** (b) The plan in force, its tier, status, period, pending cancellation and scheduled downgrade are Stripe's. */
export function samePlan(who: string, record: StripeRecord, view: AppView | undefined): Finding[] {
  const truth = planTruth(record);
  const app = planInForce(view);
  const findings: string[] = [];
  const shown = app ? `${app.tier} ${app.subscriptionStatus ?? app.status} from ${app.sourceId}` : "no plan in force";
  if (!truth) {
    if (app) findings.push(`shows ${shown}; Stripe has none in force (subscriptions: ${describeSubscriptions(record)})`);
  } else if (truth.kind === "lifetime") {
    if (app?.tier !== "lifetime" || app.sourceId !== truth.sessionId) findings.push(`shows ${shown}; Stripe has Lifetime paid by ${truth.sessionId}`);
  } else {
    const sub = truth.subscription;
    const item = sub.items.data[0];
    const expected = {
      sourceId: sub.id,
      tier: truth.tier,
      subscriptionStatus: sub.status,
      currentPeriodEnd: item?.current_period_end ?? null,
      cancelAtPeriodEnd: sub.cancel_at_period_end,
      scheduledTier: truth.scheduledTier,
    };
    const actual = app && {
      sourceId: app.sourceId,
      tier: app.tier,
      subscriptionStatus: app.subscriptionStatus,
      currentPeriodEnd: seconds(app.currentPeriodEnd),
      cancelAtPeriodEnd: app.cancelAtPeriodEnd,
      scheduledTier: app.scheduledTier,
    };
    if (JSON.stringify(actual) !== JSON.stringify(expected)) findings.push(`shows ${JSON.stringify(actual)}; Stripe has ${JSON.stringify(expected)}`);
  }
  // An ended plan still says how its subscription ended, as Stripe has it.
  const row = view?.plan;
  const followed = row?.sourceId.startsWith("sub_") ? record.subscriptions.find((s) => s.id === row.sourceId) : undefined;
  if (row && followed && row.subscriptionStatus !== followed.status) {
    findings.push(`keeps ${followed.id} as ${row.subscriptionStatus ?? "null"} (plan ${row.status}); Stripe says ${followed.status}`);
  }
  return findings.map((message) => ({ invariant: "b", message: `${who} ${message}` }));
}

/** (c) No payment is refunded more than it charged. */
export function refundsWithinCharges(who: string, record: StripeRecord): Finding[] {
  const findings: Finding[] = [];
  for (const charge of record.charges) {
    const refunded = standingRefunds(record, charge.id).reduce((sum, r) => sum + r.amount, 0);
    if (charge.amount_refunded > charge.amount || refunded > charge.amount) {
      findings.push({ invariant: "c", message: `${who}'s charge ${charge.id} of ${charge.amount} has ${refunded} refunded (amount_refunded ${charge.amount_refunded})` });
    }
  }
  return findings;
}

/**
 * (d) From the moment a Lifetime is paid until Stripe takes it back (refunded in full, or a
 * chargeback lost), no subscription charges the buyer, and none is left that could.
 */
export function nothingAfterLifetime(who: string, record: StripeRecord, disputeClosedAt: Map<string, number>): Finding[] {
  const findings: Finding[] = [];
  const subscriptionCharges = record.charges.filter((c) => (c.status === "succeeded" || c.status === "pending") && record.invoiceOfIntent.has(idOf(c.payment_intent) ?? ""));
  for (const { session, product } of record.sessions) {
    if (product !== "lifetime" || session.payment_status !== "paid") continue;
    const charge = record.charges.find((c) => idOf(c.payment_intent) === idOf(session.payment_intent) && c.status === "succeeded");
    if (!charge) continue;
    const refundedAt = charge.refunded ? Math.max(...standingRefunds(record, charge.id).map((r) => r.created)) : Infinity;
    const lost = lostDispute(record, charge.id);
    const lostAt = lost ? (disputeClosedAt.get(lost.id) ?? Infinity) : Infinity;
    const endedAt = Math.min(refundedAt, lostAt);
    for (const later of subscriptionCharges.filter((c) => c.created > charge.created && c.created < endedAt)) {
      const invoice = record.invoiceOfIntent.get(idOf(later.payment_intent) ?? "");
      findings.push({ invariant: "d", message: `${who} paid Lifetime (${session.id}) at ${charge.created} and was charged ${later.amount} at ${later.created} for invoice ${invoice?.id} (${invoice?.billing_reason})` });
    }
  }
  if (lifetimesInForce(record).length > 0) {
    const live = record.subscriptions.filter((s) => liveStatuses.has(s.status));
    if (live.length > 0) findings.push({ invariant: "d", message: `${who} has Lifetime in force and a subscription that can still charge: ${describeSubscriptions(record)}` });
  }
  return findings;
}
