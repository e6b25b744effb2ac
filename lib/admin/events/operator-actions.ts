import { actOncePerSubmission } from "@/lib/admin/audit/once-per-submission";
import { catchUp, catchUpSince, defaultCatchUpSince } from "@/lib/admin/events/catch-up";
import { catchUpAnswer, replayAnswer, type CatchUpAnswer, type ReplayAnswer } from "@/lib/admin/events/events-api";
import { replayEvent } from "@/lib/admin/events/replay";
import type { Operator } from "@/lib/admin/operator";

// The events page's two actions as operator actions: each recorded in the audit log with who,
// why and what it did, once per form submission.

export function replayAsOperator(operator: Operator, request: Request, input: { eventId: string; reason: string; submissionId: string }): Promise<ReplayAnswer> {
  return actOncePerSubmission({
    operator,
    request,
    name: "event.replay",
    targetType: "stripe_event",
    targetId: input.eventId,
    reason: input.reason,
    submissionId: input.submissionId,
    answer: replayAnswer,
    run: async () => {
      const { answer, before } = await replayEvent(input.eventId);
      return { answer, targetId: input.eventId, before: before ?? undefined };
    },
  });
}

export async function catchUpAsOperator(operator: Operator, request: Request, input: { since?: string; reason: string; submissionId: string }): Promise<CatchUpAnswer> {
  const chosen = catchUpSince(input.since);
  return actOncePerSubmission({
    operator,
    request,
    name: "events.catch_up",
    targetType: "stripe_events",
    reason: input.reason,
    submissionId: input.submissionId,
    answer: catchUpAnswer,
    run: async () => {
      const since = chosen ?? (await defaultCatchUpSince());
      return { answer: await catchUp(since), targetId: `since ${since.toISOString()}` };
    },
  });
}
