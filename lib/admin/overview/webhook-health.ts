import { sql } from "@/lib/db";
import { isoOrNull, utcParameter } from "@/lib/admin/overview/utc-days";

// Whether Stripe's events reach the store and are handled. An event's row is written when its
// first copy arrives (firstSeenAt) and stamped when its work is done (processedAt, outcome); the
// time the work took is processedAt − claimedAt (the start of the attempt that finished). An event
// with processedAt NULL is unfinished: still being worked on, or failed (lastError set) and waiting
// for Stripe's next delivery, a replay or catch-up. The last 24 hours are the events first seen
// in them, read through the firstSeenAt index; unfinished ones through (processedAt, firstSeenAt),
// and those of them that failed through a partial index of just those.

export interface WebhookDay {
  /** The newest event's arrival (ISO); null when none ever arrived. */
  lastReceivedAt: string | null;
  /** Done with an effect, or found done by another copy ("duplicate"). */
  processed: number;
  /** Done, needing nothing from the store ("ignored: …"). */
  ignored: number;
  /** Unfinished with a recorded failure. */
  failed: number;
  /** Unfinished, no failure recorded: being worked on. */
  inProgress: number;
  /** Processing time percentiles (ms) of the events finished; null when none was. */
  p50Ms: number | null;
  p99Ms: number | null;
}

export interface UnfinishedEvent {
  id: string;
  type: string;
  firstSeenAt: string;
  /** now − firstSeenAt, in whole seconds. */
  ageSeconds: number;
  attempts: number;
  lastError: string | null;
}

export interface WebhookHealth {
  last24h: WebhookDay;
  /** Every unfinished event, whenever it arrived. */
  unfinished: number;
  /** Those of them with a recorded failure. */
  failing: number;
  oldestUnfinished: UnfinishedEvent | null;
}

/** The one row the statement answers: the day's counts, the unfinished counts, and the oldest of those. */
interface HealthRow {
  lastReceivedAt: Date | null;
  processed: number;
  ignored: number;
  failed: number;
  inProgress: number;
  /** p50 and p99, from one sort of the day's times; null when no event finished. */
  percentiles: [number, number] | null;
  unfinished: number;
  failing: number;
  id: string | null;
  type: string | null;
  firstSeenAt: Date | null;
  attempts: number | null;
  lastError: string | null;
}

const TOOK_MS = `extract(epoch FROM e."processedAt" - e."claimedAt")::float8 * 1000`;
const FINISHED_AND_TIMED = `e."processedAt" IS NOT NULL AND e."claimedAt" IS NOT NULL`;

// One statement rather than one per figure: on the overview each statement sent costs more in
// system calls than these index reads cost the server.
const HEALTH = `
  WITH day AS (
    SELECT count(*) FILTER (WHERE e."processedAt" IS NOT NULL AND coalesce(e.outcome, '') NOT LIKE 'ignored%')::int AS processed,
           count(*) FILTER (WHERE e."processedAt" IS NOT NULL AND e.outcome LIKE 'ignored%')::int AS ignored,
           count(*) FILTER (WHERE e."processedAt" IS NULL AND e."lastError" IS NOT NULL)::int AS failed,
           count(*) FILTER (WHERE e."processedAt" IS NULL AND e."lastError" IS NULL)::int AS "inProgress",
           percentile_cont(ARRAY[0.5, 0.99]) WITHIN GROUP (ORDER BY ${TOOK_MS}) FILTER (WHERE ${FINISHED_AND_TIMED}) AS percentiles
    FROM stripe_event e
    WHERE e."firstSeenAt" > $1::timestamp AND e."firstSeenAt" <= $2::timestamp
  ), waiting AS (
    -- Two counts, each from an index alone: counting the failing among the unfinished would read
    -- every unfinished event's row, one page of the table each, however long ago it arrived.
    SELECT (SELECT count(*)::int FROM stripe_event WHERE "processedAt" IS NULL AND "firstSeenAt" <= $2::timestamp) AS unfinished,
           (SELECT count(*)::int FROM stripe_event WHERE "processedAt" IS NULL AND "lastError" IS NOT NULL AND "firstSeenAt" <= $2::timestamp) AS failing
  )
  SELECT (SELECT max("firstSeenAt") FROM stripe_event WHERE "firstSeenAt" <= $2::timestamp) AS "lastReceivedAt",
         day.*, waiting.*, oldest.id, oldest.type, oldest."firstSeenAt", oldest.attempts, oldest."lastError"
  FROM day CROSS JOIN waiting
  LEFT JOIN LATERAL (
    -- In the (processedAt, firstSeenAt) index's own order, so the oldest is its first entry.
    SELECT id, type, "firstSeenAt", attempts, "lastError" FROM stripe_event
    WHERE "processedAt" IS NULL AND "firstSeenAt" <= $2::timestamp ORDER BY "processedAt", "firstSeenAt" LIMIT 1
  ) oldest ON true`;

function oldestOf(row: HealthRow, now: Date): UnfinishedEvent | null {
  if (!row.id || !row.firstSeenAt) return null;
  return {
    id: row.id,
    type: row.type ?? "",
    firstSeenAt: row.firstSeenAt.toISOString(),
    ageSeconds: Math.max(0, Math.floor((now.getTime() - row.firstSeenAt.getTime()) / 1000)),
    attempts: row.attempts ?? 0,
    lastError: row.lastError,
  };
}

/** The last 24 hours' events and every unfinished one, in one statement. */
export async function webhookHealth(now: Date): Promise<WebhookHealth> {
  const [row] = await sql<HealthRow>(HEALTH, [utcParameter(new Date(now.getTime() - 86_400_000)), utcParameter(now)]);
  if (!row) throw new Error("the webhook health statement answered no row");
  return {
    last24h: {
      lastReceivedAt: isoOrNull(row.lastReceivedAt),
      processed: row.processed,
      ignored: row.ignored,
      failed: row.failed,
      inProgress: row.inProgress,
      p50Ms: row.percentiles?.[0] ?? null,
      p99Ms: row.percentiles?.[1] ?? null,
    },
    unfinished: row.unfinished,
    failing: row.failing,
    oldestUnfinished: oldestOf(row, now),
  };
}
