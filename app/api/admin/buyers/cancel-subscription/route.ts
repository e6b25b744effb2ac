import { requestIdOf } from "@/lib/admin/audit-log";
import { cancelSubscriptionAsOperator } from "@/lib/admin/buyers/cancel-subscription";
import { actionBody } from "@/lib/admin/audit/submissions";
import { requireOperator } from "@/lib/admin/operator";
import { subscriptionCancellationRequest } from "@/lib/api-contract/admin-actions-api";
import { apiRoute } from "@/lib/http/api-route";

/** Cancels a buyer's subscription at Stripe, now or at the end of the paid period, with a reason for the audit log. */
export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = apiRoute({
  POST: async (request) => {
    const operator = await requireOperator(request);
    const body = await actionBody(request, subscriptionCancellationRequest);
    return Response.json(await cancelSubscriptionAsOperator(operator, body, requestIdOf(request)));
  },
});
