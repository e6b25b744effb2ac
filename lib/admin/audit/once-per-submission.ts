import type { z } from "zod/mini";
import type { Operator } from "@/lib/admin/operator";
import { recordOperatorAction, requestIdOf } from "@/lib/admin/audit-log";
import { earlierResult, isRecordedAlready } from "@/lib/admin/audit/submissions";
import type { Prisma } from "@/lib/generated/prisma/client";
import { ApiError } from "@/lib/http/api-error";
import { failureText } from "@/lib/payments/webhook/event-claims";
import { logger } from "@/lib/observability/logger";

// A console action that changes nothing by the operator's own judgement (a replay, a catch-up, a
// reconcile run: each brings the store to what Stripe says, through the same code as the webhook)
// is recorded after it ran, with its answer, under the form's submission id: a second copy of the
// submission (a double-click, a retried request) answers the first's result instead of acting
// again. An action refused before it did anything (a 4xx) leaves no entry; one that failed part-way
// leaves an entry saying so, without the submission id, so that trying the same form again acts.

export interface OperatorAction<Answer> {
  operator: Operator;
  request: Request;
  name: string;
  targetType: string;
  /** When the target is known before acting; a submission reused for another target is refused. */
  targetId?: string;
  reason: string;
  submissionId: string;
  /** The answer's contract: an earlier copy's stored answer is read back through it. */
  answer: z.ZodMiniType<Answer>;
  run: () => Promise<{ answer: Answer; targetId: string; before?: Prisma.InputJsonValue }>;
}

export async function actOncePerSubmission<Answer extends Prisma.InputJsonValue>(action: OperatorAction<Answer>): Promise<Answer> {
  const earlier = await earlierResult(action.submissionId, action, action.answer);
  if (earlier !== null) return earlier;
  const entry = {
    actor: action.operator,
    action: action.name,
    targetType: action.targetType,
    reason: action.reason,
    requestId: requestIdOf(action.request),
  };
  let done: Awaited<ReturnType<OperatorAction<Answer>["run"]>>;
  try {
    done = await action.run();
  } catch (error) {
    if (error instanceof ApiError && error.status < 500) throw error;
    await recordOperatorAction({ ...entry, targetId: action.targetId ?? action.targetType, after: { failed: failureText(error) } }).catch((unrecorded: unknown) =>
      logger().error({ err: unrecorded, action: action.name }, "console: could not record the failed action"),
    );
    throw error;
  }
  try {
    await recordOperatorAction({ ...entry, targetId: done.targetId, before: done.before, after: done.answer, submissionId: action.submissionId });
  } catch (error) {
    // A concurrent copy of this submission acted too (harmless: these actions are idempotent) and recorded first.
    if (isRecordedAlready(error)) return (await earlierResult(action.submissionId, action, action.answer)) ?? done.answer;
    throw error;
  }
  return done.answer;
}
