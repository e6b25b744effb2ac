import { requestIdOf } from "@/lib/admin/audit-log";
import { refundAsConsole } from "@/lib/admin/buyers/refund";
import { actionBody } from "@/lib/admin/audit/submissions";
import { requireOperator } from "@/lib/admin/operator";
import { refundRequest } from "@/lib/api-contract/admin-actions-api";
import { apiRoute } from "@/lib/http/api-route";

/** Refunds a purchase's payment through Stripe, in full or in part, with a reason for the audit log; Stripe's webhook does the rest. */
export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = apiRoute({
  POST: async (request) => {
    const operator = await requireOperator(request);
    const body = await actionBody(request, refundRequest);
    return Response.json(await refundAsConsole(operator, body, requestIdOf(request)));
  },
});
