import type { World } from "./plan-world";

// What a run of the plan property actually went through, counted from Stripe's record and the
// storefront's credits at the end: a property that never renewed, never failed a renewal or
// never replaced a subscription would pass without proving anything about them.

export interface Coverage {
  subscriptions: Map<string, number>;
  renewalsPaid: number;
  renewalsUnpaid: number;
  /** Renewals paid after at least one failed attempt: recovered by a new card. */
  renewalsRecovered: number;
  /** Subscriptions Stripe marked unpaid after the last retry (the store then cancels them). */
  markedUnpaid: number;
  /** Subscriptions the store canceled once every retry had failed and Stripe left them past due. */
  leftPastDue: number;
  upgradesPaid: number;
  schedules: Map<string, number>;
  endedByDunning: number;
  lifetimeCredits: number;
  lifetimeCreditCents: number;
  refunds: Map<string, number>;
  disputes: Map<string, number>;
}

function bump(map: Map<string, number>, key: string): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}

export async function readCoverage(world: World): Promise<Coverage> {
  const { stripe } = world.stack.sandbox;
  const coverage: Coverage = {
    subscriptions: new Map(),
    renewalsPaid: 0,
    renewalsUnpaid: 0,
    renewalsRecovered: 0,
    markedUnpaid: 0,
    leftPastDue: 0,
    upgradesPaid: 0,
    schedules: new Map(),
    endedByDunning: 0,
    lifetimeCredits: 0,
    lifetimeCreditCents: 0,
    refunds: new Map(),
    disputes: new Map(),
  };
  const retriesSpent = new Set<string>();
  for await (const invoice of stripe.invoices.list({ status: "open", limit: 100 })) {
    const sub = invoice.parent?.subscription_details?.subscription;
    if (invoice.attempt_count > 0 && invoice.next_payment_attempt === null && typeof sub === "string") retriesSpent.add(sub);
  }
  const unpaid = new Set<string>();
  for await (const event of stripe.events.list({ type: "customer.subscription.updated", limit: 100 })) {
    const sub = event.data.object as { id: string; status: string };
    if (sub.status === "unpaid") unpaid.add(sub.id);
  }
  coverage.markedUnpaid = unpaid.size;
  for await (const sub of stripe.subscriptions.list({ status: "all", limit: 100 })) {
    bump(coverage.subscriptions, sub.status);
    if (sub.cancellation_details?.reason === "payment_failed") coverage.endedByDunning += 1;
    else if (sub.status === "canceled" && retriesSpent.has(sub.id) && !unpaid.has(sub.id)) coverage.leftPastDue += 1;
  }
  for await (const invoice of stripe.invoices.list({ limit: 100 })) {
    if (invoice.billing_reason === "subscription_cycle") {
      if (invoice.status === "paid") coverage.renewalsPaid += 1;
      if (invoice.status === "paid" && invoice.attempt_count > 1) coverage.renewalsRecovered += 1;
      else if (invoice.attempt_count > 0) coverage.renewalsUnpaid += 1;
    }
    if (invoice.billing_reason === "subscription_update" && invoice.status === "paid" && invoice.amount_paid > 0) coverage.upgradesPaid += 1;
  }
  for await (const schedule of stripe.subscriptionSchedules.list({ limit: 100 })) bump(coverage.schedules, schedule.status);
  for await (const refund of stripe.refunds.list({ limit: 100 })) bump(coverage.refunds, refund.metadata?.reason?.startsWith("replaced_") ? `credit ${refund.status}` : `dashboard ${refund.status}`);
  for await (const dispute of stripe.disputes.list({ limit: 100 })) bump(coverage.disputes, dispute.status);
  const credits = await world.stack.database.pool.query<{ count: string; cents: string | null }>(
    `SELECT count(*) AS count, sum("amountCents") AS cents FROM replaced_subscription_credit`,
  );
  coverage.lifetimeCredits = Number(credits.rows[0]?.count ?? 0);
  coverage.lifetimeCreditCents = Number(credits.rows[0]?.cents ?? 0);
  return coverage;
}

function listed(map: Map<string, number>): string {
  return [...map].map(([k, n]) => `${k} ${n}`).join(", ") || "none";
}

export function describeCoverage(c: Coverage): string[] {
  return [
    `subscriptions        ${listed(c.subscriptions)}`,
    `renewals             ${c.renewalsPaid} paid (${c.renewalsRecovered} after failing first), ${c.renewalsUnpaid} failed and still open`,
    `dunning endings      ${c.endedByDunning} canceled by Stripe, ${c.markedUnpaid} marked unpaid, ${c.leftPastDue} left past due (the store canceled each of the last two)`,
    `upgrades charged     ${c.upgradesPaid}`,
    `schedules            ${listed(c.schedules)}`,
    `Lifetime credits     ${c.lifetimeCredits} (${c.lifetimeCreditCents} cents)`,
    `refunds              ${listed(c.refunds)}`,
    `disputes             ${listed(c.disputes)}`,
  ];
}
