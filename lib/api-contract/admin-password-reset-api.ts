import { z } from "zod/mini";
import { reasonField, submissionIdField } from "@/lib/admin/audit/audit-api";

// POST /api/admin/buyers/send-password-reset: the console mails a buyer a reset link (better-auth's
// own, to the address on file), with the operator's reason for the audit log.

export const passwordResetRequest = z.object(
  {
    userId: z.string({ error: "Name the buyer by userId." }).check(z.minLength(1, { error: "Name the buyer by userId." }), z.maxLength(200, { error: "That is not a user id." })),
    reason: reasonField,
    submissionId: submissionIdField,
  },
  { error: 'Send a JSON body like {"userId": "…", "reason": "…", "submissionId": "…"}.' },
);

export const passwordResetSent = z.object({ sent: z.literal(true) });
