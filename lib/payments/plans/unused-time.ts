// What a subscriber is owed when Lifetime replaces their subscription mid-period: the unused part
// of the time they actually paid for in the current period, at the rate they paid for the plan in
// force when Lifetime was paid. A period whose renewal was never paid (past_due) is owed nothing,
// and nobody is owed more than they paid for the period.

/** One line of a paid subscription invoice: a stretch of time and what it cost (a credit is negative). */
export interface PaidLine {
  amount: number;
  start: number;
  end: number;
  proration: boolean;
}

/** A paid invoice of the subscription that bills some of the current period. */
export interface PeriodPayment {
  paymentIntentId: string;
  amountPaid: number;
  lines: PaidLine[];
}

export interface BillingPeriod {
  start: number;
  end: number;
}

/** Cents owed back for the unused time after `switchedAt` (unix seconds). */
export function unusedTimeCredit(period: BillingPeriod, switchedAt: number, payments: readonly PeriodPayment[]): number {
  const lines = payments.flatMap((payment) => payment.lines);
  const renewalPaid = lines.some((line) => !line.proration && line.amount > 0 && line.start <= period.start && line.end >= period.end);
  if (!renewalPaid || period.end <= period.start) return 0;
  const at = Math.min(Math.max(switchedAt, period.start), period.end);
  // The plan in force at that moment: the latest charged stretch that covers it (an upgrade's
  // proration line starts later than the renewal's line, and bills the new plan's rate).
  const inForce = lines
    .filter((line) => line.amount > 0 && line.start <= at && line.end > at && line.end > line.start)
    .sort((a, b) => b.start - a.start)[0];
  if (!inForce) return 0;
  const owed = Math.round((inForce.amount / (inForce.end - inForce.start)) * (period.end - at));
  const paid = payments.reduce((sum, payment) => sum + payment.amountPaid, 0);
  return Math.max(0, Math.min(owed, paid));
}
