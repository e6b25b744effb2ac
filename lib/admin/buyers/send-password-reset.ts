import type { z } from "zod/mini";
import type { Operator } from "@/lib/admin/operator";
import { actOncePerSubmission } from "@/lib/admin/audit/once-per-submission";
import { passwordResetSent, type passwordResetRequest } from "@/lib/api-contract/admin-password-reset-api";
import { asSupportReset } from "@/lib/auth/account-mail";
import { auth } from "@/lib/auth/better-auth";
import { db } from "@/lib/db";
import { ApiError } from "@/lib/http/api-error";

// The console's help for a buyer who cannot get in: better-auth's own reset link, mailed to the
// address on file (never shown to the operator, never sent elsewhere), saying the store's
// support team sent it. Recorded in the audit log once per form submission.

export const SEND_PASSWORD_RESET = "password.reset_link";

export async function sendPasswordResetAsOperator(operator: Operator, body: z.infer<typeof passwordResetRequest>, request: Request): Promise<z.infer<typeof passwordResetSent>> {
  return actOncePerSubmission({
    operator,
    request,
    name: SEND_PASSWORD_RESET,
    targetType: "user",
    targetId: body.userId,
    reason: body.reason,
    submissionId: body.submissionId,
    answer: passwordResetSent,
    run: async () => {
      const buyer = await db.user.findUnique({ where: { id: body.userId }, select: { email: true } });
      if (!buyer) throw new ApiError("not_found", `There is no buyer with id ${body.userId}.`);
      await asSupportReset(() => auth().api.requestPasswordReset({ body: { email: buyer.email, redirectTo: "/reset-password" } }));
      return { answer: { sent: true }, targetId: body.userId };
    },
  });
}
