import { sql } from "@/lib/db";

// The alert conditions a store without Prometheus can still be told about, read from the database
// with a few indexed range queries (never a whole table). They mirror ops/prometheus/alerts.yml
// where the database knows the same thing; Stripe's error rate, API latency and an instance being
// down live only in each instance's memory, so only Prometheus can judge those.

/** Timestamps are stored as UTC without a zone (Prisma's TIMESTAMP(3)). */
const NOW = "timezone('UTC', now())";

export interface FiringCondition {
  condition: string;
  summary: string;
}

/** Thresholds, named once: the README's "Operating" section quotes them. */
export const ALERT_THRESHOLDS = {
  webhookFailureRatio: 0.05,
  webhookFailuresAtLeast: 3,
  silentCheckoutsAtLeast: 5,
  successSampleAtLeast: 10,
  successShareOfWeek: 0.8,
  stuckEventMinutes: 15,
} as const;

async function webhookFailures(): Promise<FiringCondition | null> {
  const [row] = await sql<{ seen: number; failed: number }>(
    `SELECT count(*)::int AS seen, count(*) FILTER (WHERE "processedAt" IS NULL AND "lastError" IS NOT NULL)::int AS failed
     FROM stripe_event WHERE "firstSeenAt" >= ${NOW} - interval '1 hour'`,
    [],
  );
  if (!row || row.failed < ALERT_THRESHOLDS.webhookFailuresAtLeast || row.failed / row.seen <= ALERT_THRESHOLDS.webhookFailureRatio) return null;
  return { condition: "webhook_failures", summary: `${row.failed} of ${row.seen} Stripe events in the last hour failed to process.` };
}

async function silentWebhooks(): Promise<FiringCondition | null> {
  const [row] = await sql<{ checkouts: number; events: number }>(
    `SELECT (SELECT count(*)::int FROM purchase WHERE "createdAt" >= ${NOW} - interval '1 hour') AS checkouts,
            (SELECT count(*)::int FROM (SELECT 1 FROM stripe_event WHERE "firstSeenAt" >= ${NOW} - interval '1 hour' LIMIT 1) AS any_event) AS events`,
    [],
  );
  if (!row || row.checkouts < ALERT_THRESHOLDS.silentCheckoutsAtLeast || row.events > 0) return null;
  return { condition: "webhooks_silent", summary: `${row.checkouts} checkouts were started in the last hour and no Stripe webhook arrived: check the endpoint and its signing secret.` };
}

async function lowPaymentSuccess(): Promise<FiringCondition | null> {
  const [row] = await sql<{ day_paid: number; day_results: number; week_paid: number; week_results: number }>(
    `SELECT count(*) FILTER (WHERE status = 'paid' AND "createdAt" >= ${NOW} - interval '1 day')::int AS day_paid,
            count(*) FILTER (WHERE "createdAt" >= ${NOW} - interval '1 day')::int AS day_results,
            count(*) FILTER (WHERE status = 'paid')::int AS week_paid,
            count(*)::int AS week_results
     FROM purchase WHERE "createdAt" >= ${NOW} - interval '7 days' AND status IN ('paid', 'failed')`,
    [],
  );
  if (!row || row.day_results < ALERT_THRESHOLDS.successSampleAtLeast || row.week_results === 0) return null;
  const day = row.day_paid / row.day_results;
  const week = row.week_paid / row.week_results;
  if (day >= ALERT_THRESHOLDS.successShareOfWeek * week) return null;
  const percent = (share: number) => `${Math.round(share * 100)} %`;
  return { condition: "payment_success_low", summary: `Payments succeeded ${percent(day)} of the time in the last day, against ${percent(week)} over 7 days.` };
}

async function reconcileDrift(): Promise<FiringCondition | null> {
  const [run] = await sql<{ drift: number; errors: number; startedAt: Date }>(
    `SELECT jsonb_array_length(drift)::int AS drift, errors, "startedAt" FROM reconcile_run WHERE "finishedAt" IS NOT NULL ORDER BY "startedAt" DESC LIMIT 1`,
    [],
  );
  if (!run || (run.drift === 0 && run.errors === 0)) return null;
  return {
    condition: "reconcile_drift",
    summary: `The last reconcile run corrected ${run.drift} object(s) and could not read ${run.errors}: webhooks are being missed or failing.`,
  };
}

async function stuckEvents(): Promise<FiringCondition | null> {
  const [row] = await sql<{ stuck: number }>(
    `SELECT count(*)::int AS stuck FROM stripe_event
     WHERE "processedAt" IS NULL AND "firstSeenAt" >= ${NOW} - interval '3 days' AND "firstSeenAt" < ${NOW} - make_interval(mins => $1)`,
    [ALERT_THRESHOLDS.stuckEventMinutes],
  );
  if (!row || row.stuck === 0) return null;
  return { condition: "events_unfinished", summary: `${row.stuck} Stripe event(s) received over ${ALERT_THRESHOLDS.stuckEventMinutes} minutes ago are still not processed.` };
}

export const CONDITIONS = ["webhook_failures", "webhooks_silent", "payment_success_low", "reconcile_drift", "events_unfinished"] as const;

/** Every condition that holds now. */
export async function firingConditions(): Promise<FiringCondition[]> {
  const found = await Promise.all([webhookFailures(), silentWebhooks(), lowPaymentSuccess(), reconcileDrift(), stuckEvents()]);
  return found.filter((condition): condition is FiringCondition => condition !== null);
}
