import { sql } from "@/lib/db";
import { startOfUtcDay, utcParameter } from "@/lib/admin/overview/utc-days";

// How often payments work, per UTC day, each Checkout counted on the day it was created (the
// store keeps no time for a failure, only the Checkout's latest status; purchase.createdAt is
// indexed). Two rates, because they answer different questions:
// - success rate = paid ÷ (paid + failed): of the payments that reached a result, how many went
//   through. "Paid" is status paid (or no_payment_required: a Checkout that needed no payment);
//   "failed" is status failed: the last card attempt was declined while the Checkout is still
//   open, or a bank debit failed to settle. Canceled and expired Checkouts are left out: the buyer
//   stopped before any attempt succeeded or failed, which says nothing about whether payments
//   work; a Checkout that was declined and then left to expire is counted as expired, so this
//   rate can only flatter a day by the declines whose buyers gave up.
// - conversion = paid ÷ Checkouts created: how many buyers who started a Checkout paid.
// A rate with nothing to divide by is null, never NaN.

export interface PaymentDay {
  /** 00:00 UTC of the day (ISO). */
  day: string;
  created: number;
  paid: number;
  failed: number;
  /** paid ÷ (paid + failed); null when no payment reached a result that day. */
  successRate: number | null;
  /** paid ÷ created; null when no Checkout was created that day. */
  conversion: number | null;
}

export interface PaymentRates {
  /** Oldest first, today last; a day without Checkouts is there with zeros. */
  days: PaymentDay[];
  /** The same over the whole span. */
  overall: Omit<PaymentDay, "day">;
}

interface Row {
  day: Date;
  created: number;
  paid: number;
  failed: number;
}

function rated(created: number, paid: number, failed: number): Omit<PaymentDay, "day"> {
  return {
    created,
    paid,
    failed,
    successRate: paid + failed > 0 ? paid / (paid + failed) : null,
    conversion: created > 0 ? paid / created : null,
  };
}

/** The last `days` UTC days, today included: one statement. */
export async function paymentRatesByDay(now: Date, days = 14): Promise<PaymentRates> {
  const first = startOfUtcDay(now, days - 1);
  const rows = await sql<Row>(
    `WITH counted AS (
       SELECT date_trunc('day', p."createdAt") AS day, count(*)::int AS created,
              count(*) FILTER (WHERE p.status IN ('paid', 'no_payment_required'))::int AS paid,
              count(*) FILTER (WHERE p.status = 'failed')::int AS failed
       FROM purchase p
       WHERE p."createdAt" >= $1::timestamp AND p."createdAt" <= $3::timestamp
       GROUP BY 1
     )
     SELECT d.day, coalesce(c.created, 0) AS created, coalesce(c.paid, 0) AS paid, coalesce(c.failed, 0) AS failed
     FROM generate_series($1::timestamp, $2::timestamp, interval '1 day') AS d(day)
     LEFT JOIN counted c ON c.day = d.day
     ORDER BY d.day`,
    [utcParameter(first), utcParameter(startOfUtcDay(now)), utcParameter(now)],
  );
  const byDay = rows.map((row) => ({ day: row.day.toISOString(), ...rated(row.created, row.paid, row.failed) }));
  const sum = (pick: (day: PaymentDay) => number) => byDay.reduce((total, day) => total + pick(day), 0);
  return { days: byDay, overall: rated(sum((d) => d.created), sum((d) => d.paid), sum((d) => d.failed)) };
}
