import { productByKey, totalCoins } from "@/lib/catalog/products";
import { unusedTimeCredit, type PeriodPayment } from "@/lib/payments/plans/unused-time";
import type Stripe from "stripe";
import { planInForce, type AppView } from "./plan-app-state";
import type { Finding } from "./plan-invariants";
import { chargeOfSession, idOf, planTruth, standingRefunds, type StripeRecord } from "./plan-truth";
import type { BuyerModel } from "./plan-world";

// Invariants (e) to (g) of the plan property for one buyer: the credit for a subscription that
// Lifetime replaced, the allowance each paid period renews, and the coins.

function paymentsForPeriod(record: StripeRecord, subscriptionId: string, periodStart: number): PeriodPayment[] {
  const paid = record.invoices.filter((i) => idOf(i.parent?.subscription_details?.subscription) === subscriptionId && i.status === "paid");
  return paid
    .filter((invoice) => invoice.lines.data.some((line) => line.period.end > periodStart))
    .sort((a, b) => b.created - a.created)
    .flatMap((invoice) => {
      const paymentIntentId = idOf(invoice.payments?.data[0]?.payment.payment_intent);
      if (!paymentIntentId) return [];
      const lines = invoice.lines.data.map((line) => ({
        amount: line.amount,
        start: line.period.start,
        end: line.period.end,
        proration: line.parent?.subscription_item_details?.proration ?? false,
      }));
      return [{ paymentIntentId, amountPaid: invoice.amount_paid, lines }];
    });
}

/**
 * (e) Each credit stored for a replaced subscription is the rule's formula (unused-time.ts) over
 * Stripe's own record: the subscription's period, its paid invoices, and the moment the Lifetime
 * that replaced it was charged (or the plan's own subscription began, for one that raced past
 * checkout's guard); nothing when it had ended before. What was refunded under the
 * credit's reason never exceeds it, and the stored outcome says what Stripe refunded.
 */
export function creditsByFormula(who: string, model: BuyerModel, record: StripeRecord, view: AppView | undefined): Finding[] {
  const findings: string[] = [];
  const credits = view?.credits ?? [];
  for (const lifetime of model.lifetimes) {
    const session = record.sessions.find((s) => s.session.id === lifetime.sessionId)?.session;
    if (!lifetime.replacing || session?.payment_status !== "paid") continue;
    if (!credits.some((c) => c.subscriptionId === lifetime.replacing)) findings.push(`paid Lifetime ${lifetime.sessionId} over ${lifetime.replacing}, and no credit was worked out for it`);
  }
  for (const credit of credits) {
    // The buyer may have tried Lifetime over it before (a bank debit that failed): the paid one replaced it.
    const charge = model.lifetimes
      .filter((l) => l.replacing === credit.subscriptionId)
      .map((l) => record.sessions.find((s) => s.session.id === l.sessionId)?.session)
      .map((session) => (session?.payment_status === "paid" ? chargeOfSession(record, session) : undefined))
      .find((c) => c !== undefined);
    const subscription = record.subscriptions.find((s) => s.id === credit.subscriptionId);
    // Else a subscription that raced past checkout's guard, retired for the plan's own subscription.
    const replacedAt = charge?.created ?? record.subscriptions.find((s) => s.id === view?.plan?.sourceId && s.id !== credit.subscriptionId)?.created;
    const item = subscription?.items.data[0];
    if (replacedAt === undefined || !subscription || !item) {
      findings.push(`has a credit of ${credit.amountCents} for ${credit.subscriptionId}, which neither a paid Lifetime nor their plan's subscription replaced`);
      continue;
    }
    const endedBefore = subscription.ended_at !== null && subscription.ended_at !== undefined && subscription.ended_at < replacedAt;
    const period = { start: item.current_period_start, end: item.current_period_end };
    const expected = endedBefore ? 0 : unusedTimeCredit(period, replacedAt, paymentsForPeriod(record, subscription.id, period.start));
    if (credit.amountCents !== expected) {
      findings.push(`was credited ${credit.amountCents} for ${subscription.id}; the formula over Stripe's record gives ${expected} (period ${period.start}–${period.end}, replaced at ${replacedAt})`);
    }
    const reason = `replaced_${credit.subscriptionId}`;
    const refunded = record.charges.flatMap((c) => standingRefunds(record, c.id)).filter((r) => r.metadata?.reason === reason).reduce((sum, r) => sum + r.amount, 0);
    if (credit.status === "pending") findings.push(`still has the credit for ${credit.subscriptionId} pending after the round settled`);
    if (refunded > credit.amountCents) findings.push(`was refunded ${refunded} under ${reason}, more than the credit of ${credit.amountCents}`);
    if (credit.status !== "pending" && credit.refundedCents !== refunded) findings.push(`records ${credit.refundedCents} refunded for ${credit.subscriptionId}; Stripe has ${refunded}`);
    if (credit.status === "refunded" && credit.failure === null && refunded !== credit.amountCents) {
      findings.push(`marks the credit of ${credit.amountCents} for ${credit.subscriptionId} refunded in full; Stripe refunded ${refunded}`);
    }
  }
  return findings.map((message) => ({ invariant: "e", message: `${who} ${message}` }));
}

/** The paid invoice that pays for a subscription's latest period (an upgrade's proration invoice pays for none). */
function latestPaidRenewal(record: StripeRecord, subscriptionId: string): { id: string; periodEnd: number } | null {
  let latest: { id: string; periodEnd: number } | null = null;
  for (const invoice of record.invoices) {
    if (idOf(invoice.parent?.subscription_details?.subscription) !== subscriptionId || invoice.status !== "paid" || !invoice.id) continue;
    const planLine = invoice.lines.data.find((line) => !line.parent?.subscription_item_details?.proration);
    if (planLine && (!latest || planLine.period.end > latest.periodEnd)) latest = { id: invoice.id, periodEnd: planLine.period.end };
  }
  return latest;
}

/**
 * (f) The allowance was reset when the plan began and by each newly paid period, and by nothing
 * else: the storefront's count of uses equals the uses the API granted from the allowance since
 * Stripe's record last showed a new plan or a new paid renewal, and it names that renewal.
 * Updates the model with what Stripe's record now shows, so call it once per settled round.
 */
export function allowanceOncePerPeriod(who: string, model: BuyerModel, record: StripeRecord, view: AppView | undefined): Finding[] {
  const truth = planTruth(record);
  const source = truth === null ? null : truth.kind === "lifetime" ? truth.sessionId : truth.subscription.id;
  const renewal = truth?.kind === "subscription" ? latestPaidRenewal(record, truth.subscription.id) : null;
  if (source !== model.allowance.source) model.allowance = { source, renewal: renewal?.id ?? null, used: 0 };
  else if ((renewal?.id ?? null) !== model.allowance.renewal) model.allowance = { source, renewal: renewal?.id ?? null, used: 0 };
  const app = planInForce(view);
  if (!truth || !app || app.sourceId !== source) return [];
  const findings: string[] = [];
  if (app.allowanceUsed !== model.allowance.used) {
    findings.push(`has used ${app.allowanceUsed} of the allowance; since ${renewal?.id ?? source} was paid the API granted ${model.allowance.used}`);
  }
  if (renewal && (app.allowanceInvoiceId !== renewal.id || Math.round((app.allowanceResetsAt?.getTime() ?? 0) / 1000) !== renewal.periodEnd)) {
    findings.push(`has the allowance renewed by ${app.allowanceInvoiceId} until ${app.allowanceResetsAt?.toISOString()}; Stripe's latest paid renewal is ${renewal.id} to ${new Date(renewal.periodEnd * 1000).toISOString()}`);
  }
  return findings.map((message) => ({ invariant: "f", message: `${who} ${message}` }));
}

const chargebackOpen: ReadonlySet<string> = new Set(["needs_response", "under_review"]);

function disputedShare(coins: number, charge: Stripe.Charge, dispute: Stripe.Dispute | undefined): number {
  return dispute ? Math.round((coins * dispute.amount) / charge.amount) : 0;
}

/**
 * (g) The balance is the sum of the ledger, and is what Stripe says was paid for in packs, less
 * each refund's share and each chargeback's (held while open, kept if lost), less the coins the
 * usage API answered as spent; held coins are the open chargebacks' shares.
 */
export function coinsAsPaid(who: string, model: BuyerModel, record: StripeRecord, view: AppView | undefined): Finding[] {
  if (!view) return [{ invariant: "g", message: `${who} has no account` }];
  let paid = 0;
  let held = 0;
  for (const { session, product: key } of record.sessions) {
    const product = productByKey(key);
    const charge = session.payment_status === "paid" ? chargeOfSession(record, session) : undefined;
    if (product?.kind !== "coins" || !charge) continue;
    const coins = totalCoins(product);
    const disputes = record.disputes.get(charge.id) ?? [];
    const open = disputes.find((d) => chargebackOpen.has(d.status));
    const lost = disputes.find((d) => d.status === "lost");
    paid += coins - Math.round((coins * charge.amount_refunded) / charge.amount) - disputedShare(coins, charge, open ?? lost);
    held += disputedShare(coins, charge, open);
  }
  const ledger = view.ledger.reduce((sum, e) => sum + e.delta, 0);
  const expected = paid - model.coinsSpent;
  const findings: string[] = [];
  if (view.coinBalance !== ledger) findings.push(`has ${view.coinBalance} coins but a ledger of ${ledger}`);
  if (view.coinBalance !== expected) findings.push(`has ${view.coinBalance} coins; Stripe's record gives ${paid} for packs, less ${model.coinsSpent} spent: ${expected}`);
  if (view.heldCoins !== held) findings.push(`holds ${view.heldCoins} coins; open chargebacks hold ${held}`);
  return findings.map((message) => ({ invariant: "g", message: `${who} ${message}` }));
}
