import { randomUUID } from "node:crypto";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";

// The audit trail: one row per operator action, appended in the same transaction as the change it
// records where there is one, and never updated or deleted (a trigger refuses both, see the
// migration operators_console). A form submission's id makes a second copy of it (a double-click,
// a retried request) the same action: the unique submissionId lets only one row, and so only one
// change, through.

export interface AuditActor {
  id: string;
  email: string;
}

export interface AuditEntry {
  actor: AuditActor;
  action: string;
  targetType: string;
  targetId: string;
  reason: string;
  before?: Prisma.InputJsonValue;
  after?: Prisma.InputJsonValue;
  requestId?: string;
  submissionId?: string;
}

type Client = Pick<Prisma.TransactionClient, "auditLogEntry">;

// The request id printed on the request's log lines (lib/observability/request-id.ts).
export { requestIdOf } from "@/lib/observability/request-id";

/** Appends one entry; inside `client`'s transaction when one is given. */
export async function recordOperatorAction(entry: AuditEntry, client: Client = db): Promise<void> {
  await client.auditLogEntry.create({
    data: {
      actorId: entry.actor.id,
      actorEmail: entry.actor.email,
      action: entry.action,
      targetType: entry.targetType,
      targetId: entry.targetId,
      reason: entry.reason,
      before: entry.before,
      after: entry.after,
      requestId: entry.requestId ?? randomUUID(),
      submissionId: entry.submissionId,
    },
  });
}

/** The action a submission already made, if it was made: a double-click answers the first result. */
export async function actionOfSubmission(submissionId: string): Promise<{ action: string; after: Prisma.JsonValue } | null> {
  return db.auditLogEntry.findUnique({ where: { submissionId }, select: { action: true, after: true } });
}
