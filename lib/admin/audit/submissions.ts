import type { z } from "zod/mini";
import { db } from "@/lib/db";
import { ApiError } from "@/lib/http/api-error";
import { readJsonWithin } from "@/lib/http/request-body";

// What every console action does with its request: the body, read within the API's ceiling and
// checked against the action's contract (the first problem is the answer), and its form
// submission, which may have been acted on already (the audit row's unique submissionId).

/**
 * The body as `schema` says, or a 400 naming what is wrong with it. A POST without a body is parsed
 * as `whenEmpty` when given (the events' routes pass {}, so the answer names the missing field);
 * otherwise the schema's own word for a missing body answers.
 */
export async function actionBody<Schema extends z.ZodMiniType>(request: Request, schema: Schema, whenEmpty?: object): Promise<z.infer<Schema>> {
  const parsed = schema.safeParse((await readJsonWithin(request)) ?? whenEmpty);
  if (!parsed.success) throw new ApiError("invalid_request", parsed.error.issues[0]?.message ?? "The request body is not what this action takes.");
  return parsed.data;
}

/**
 * What an earlier copy of this submission recorded as its result (the audit row's `after`), if
 * one was acted on. A submission id used for another action or target, or (by `fits`) for other
 * parameters, is refused: one form submission is one action.
 */
export async function earlierResult<Schema extends z.ZodMiniType>(
  submissionId: string,
  action: { name: string; targetId?: string; fits?: (result: z.infer<Schema>) => boolean },
  result: Schema,
): Promise<z.infer<Schema> | null> {
  const earlier = await db.auditLogEntry.findUnique({ where: { submissionId }, select: { action: true, targetId: true, after: true } });
  if (!earlier) return null;
  const parsed = result.safeParse(earlier.after);
  const otherTarget = action.targetId !== undefined && earlier.targetId !== action.targetId;
  if (earlier.action !== action.name || otherTarget || !parsed.success || action.fits?.(parsed.data) === false) {
    throw new ApiError("idempotency_key_reused", "This form submission was already used for another action. Reload the page to get a new form.");
  }
  return parsed.data;
}

/** A concurrent copy of the submission recorded its audit row first (the unique submissionId). */
export function isRecordedAlready(error: unknown): boolean {
  return typeof error === "object" && error !== null && "code" in error && error.code === "P2002";
}
