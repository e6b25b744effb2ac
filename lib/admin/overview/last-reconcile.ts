import { sql } from "@/lib/db";
import { isoOrNull } from "@/lib/admin/overview/utc-days";

// The newest reconcile run (cron, `npm run reconcile` or the console's button) and what it found.
// Drift is each difference between Stripe and the store that the run found (and fixed where it
// could); the run's page (/admin/reconcile) lists them. Only the count is read here: a run's drift
// report may be long, and the overview needs none of it.

export interface LastReconcile {
  id: string;
  trigger: string;
  startedAt: string;
  /** Null while the run is still going (or if it died before finishing). */
  finishedAt: string | null;
  checked: number;
  changed: number;
  delivered: number;
  errors: number;
  drift: number;
}

interface Row {
  id: string;
  trigger: string;
  startedAt: Date;
  finishedAt: Date | null;
  checked: number;
  changed: number;
  delivered: number;
  errors: number;
  drift: number;
}

/** Null when reconcile has never run. */
export async function lastReconcileRun(): Promise<LastReconcile | null> {
  const [row] = await sql<Row>(
    `SELECT id, trigger, "startedAt", "finishedAt", checked, changed, delivered, errors,
            CASE WHEN jsonb_typeof(drift) = 'array' THEN jsonb_array_length(drift) ELSE 0 END AS drift
     FROM reconcile_run
     ORDER BY "startedAt" DESC
     LIMIT 1`,
    [],
  );
  if (!row) return null;
  return { ...row, startedAt: row.startedAt.toISOString(), finishedAt: isoOrNull(row.finishedAt) };
}
