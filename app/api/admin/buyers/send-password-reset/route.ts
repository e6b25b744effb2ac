import { sendPasswordResetAsOperator } from "@/lib/admin/buyers/send-password-reset";
import { actionBody } from "@/lib/admin/audit/submissions";
import { requireOperator } from "@/lib/admin/operator";
import { passwordResetRequest } from "@/lib/api-contract/admin-password-reset-api";
import { apiRoute } from "@/lib/http/api-route";

/** Mails a buyer better-auth's reset link, with a reason for the audit log. */
export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = apiRoute({
  POST: async (request) => {
    const operator = await requireOperator(request);
    const body = await actionBody(request, passwordResetRequest);
    return Response.json(await sendPasswordResetAsOperator(operator, body, request));
  },
});
