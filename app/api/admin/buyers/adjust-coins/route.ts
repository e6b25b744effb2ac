import { requestIdOf } from "@/lib/admin/audit-log";
import { adjustCoinsAsOperator } from "@/lib/admin/buyers/adjust-coins";
import { actionBody } from "@/lib/admin/audit/submissions";
import { requireOperator } from "@/lib/admin/operator";
import { coinAdjustmentRequest } from "@/lib/api-contract/admin-actions-api";
import { apiRoute } from "@/lib/http/api-route";

/** Adds coins to a buyer's balance or takes them (never below zero), with a reason for the audit log. */
export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = apiRoute({
  POST: async (request) => {
    const operator = await requireOperator(request);
    const body = await actionBody(request, coinAdjustmentRequest);
    return Response.json(await adjustCoinsAsOperator(operator, body, requestIdOf(request)));
  },
});
