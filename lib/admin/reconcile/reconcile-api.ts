import { z } from "zod/mini";
import { reasonField, submissionIdField } from "@/lib/admin/audit/audit-api";

// The reconcile side of the console API: POST /api/admin/reconcile runs it now, GET lists the runs.

/** A reason is welcome but not required: a run only brings the store to what Stripe says, as the cron does unasked. */
export const reconcileNowRequest = z.object({ reason: z.optional(reasonField), submissionId: submissionIdField });

export const reconcileNowAnswer = z.object({
  runId: z.string(),
  checked: z.number(),
  changed: z.number(),
  delivered: z.number(),
  errors: z.number(),
  /** Absent from answers recorded before runs counted their skipped reads. */
  skipped: z.optional(z.number()),
});
export type ReconcileNowAnswer = z.infer<typeof reconcileNowAnswer>;

const drift = z.object({ object: z.string(), userId: z.string(), change: z.string() });
const failure = z.object({ object: z.string(), message: z.string() });

export const reconcileRunJson = z.object({
  id: z.string(),
  trigger: z.string(),
  startedAt: z.string(),
  finishedAt: z.nullable(z.string()),
  checked: z.number(),
  changed: z.number(),
  delivered: z.number(),
  errors: z.number(),
  skipped: z.number(),
  drift: z.array(drift),
  failures: z.array(failure),
});

export const reconcileRunsPage = z.object({ runs: z.array(reconcileRunJson), newer: z.nullable(z.string()), older: z.nullable(z.string()) });
