import { actOncePerSubmission } from "@/lib/admin/audit/once-per-submission";
import type { Operator } from "@/lib/admin/operator";
import { reconcileNowAnswer, type ReconcileNowAnswer } from "@/lib/admin/reconcile/reconcile-api";
import { recordedReconcile } from "@/lib/payments/reconcile-runs";

// "Run now" in the console: the same run as the cron's, recorded as the console's, and in the
// audit log with who asked and what it found (the run's drift is on its reconcile_run row).

export function reconcileNow(operator: Operator, request: Request, input: { reason?: string; submissionId: string }): Promise<ReconcileNowAnswer> {
  return actOncePerSubmission({
    operator,
    request,
    name: "reconcile.run",
    targetType: "reconcile_run",
    reason: input.reason ?? "",
    submissionId: input.submissionId,
    answer: reconcileNowAnswer,
    run: async () => {
      const { runId, checked, changed, delivered, errors, skipped } = await recordedReconcile("console");
      return { answer: { runId, checked, changed, delivered, errors, skipped }, targetId: runId };
    },
  });
}
