import { z } from "zod/mini";

// The audit log's side of the console API: the fields every console action's form sends, and the
// page of entries GET /api/admin/audit answers.

/** The form's server-made id: a second copy of one submission (a double-click) is the same action. */
export const submissionIdField = z.uuid("submissionId must be the form's submission id (a UUID).");

const REASON_LIMIT = 500;

/** Why the operator acts, as the audit log keeps it: a few words, at most 500 characters. */
const NO_REASON = "Give a reason: it is recorded in the audit log with your name.";

export const reasonField = z.string({ error: (issue) => (issue.input === undefined ? NO_REASON : "reason must be text.") }).check(
  z.trim(),
  z.minLength(1, NO_REASON),
  z.maxLength(REASON_LIMIT, `Keep the reason under ${REASON_LIMIT} characters.`),
);

const json = z.unknown();

export const auditEntryJson = z.object({
  id: z.string(),
  actorEmail: z.string(),
  action: z.string(),
  targetType: z.string(),
  targetId: z.string(),
  reason: z.string(),
  before: json,
  after: json,
  requestId: z.string(),
  createdAt: z.string(),
});

export const auditPage = z.object({ entries: z.array(auditEntryJson), newer: z.nullable(z.string()), older: z.nullable(z.string()) });
