import { db } from "@/lib/db";
import { logger } from "@/lib/observability/logger";
import { recordReconcileRun } from "@/lib/observability/metrics";
import { raiseAlerts } from "@/lib/observability/alerts/raise-alerts";
import { reconcile } from "@/lib/payments/reconcile";
import { UnreadRun, type ReconcileReport } from "@/lib/payments/reconcile-report";

// Every reconcile run leaves a row (reconcile_run): who started it, when it began and ended, and
// what it found, so the console can show whether the safety net runs and what it had to fix. The
// row is written before the run starts, so a run that dies part-way still shows that it began.

export type ReconcileTrigger = "cron" | "cli" | "console";

export interface RecordedReconcile extends ReconcileReport {
  runId: string;
}

function recorded(report: ReconcileReport) {
  const { checked, changed, delivered, errors, skipped, drift, failures } = report;
  return { finishedAt: new Date(), checked, changed, delivered, errors, skipped, drift, failures };
}

/**
 * Runs reconcile() and records the run. A run Stripe answered nothing for is recorded with every
 * read it skipped, one that throws otherwise as finished with its error; both are then rethrown.
 */
export async function recordedReconcile(trigger: ReconcileTrigger, now = new Date()): Promise<RecordedReconcile> {
  const { id: runId } = await db.reconcileRun.create({ data: { trigger, startedAt: new Date() }, select: { id: true } });
  let report: ReconcileReport;
  try {
    report = await reconcile(now);
  } catch (error) {
    const failures = [{ object: "reconcile", message: error instanceof Error ? error.message : String(error) }];
    const data = error instanceof UnreadRun ? recorded(error.report) : { finishedAt: new Date(), errors: 1, failures };
    await db.reconcileRun.update({ where: { id: runId }, data }).catch((unrecorded: unknown) => {
      logger().error({ err: unrecorded, runId }, "reconcile: could not record how the run ended");
    });
    recordReconcileRun(0);
    throw error;
  }
  await db.reconcileRun.update({ where: { id: runId }, data: recorded(report) });
  recordReconcileRun(report.drift.length);
  // The cron every store runs is also where alerts are raised for stores without Prometheus.
  await raiseAlerts().catch((error: unknown) => logger().error({ err: error, runId }, "alerts: could not be evaluated after reconcile"));
  const { checked, changed, delivered, errors, skipped, drift } = report;
  logger().info({ runId, trigger, checked, changed, delivered, errors, skipped, drift: drift.length }, "reconcile: run finished");
  return { runId, ...report };
}
