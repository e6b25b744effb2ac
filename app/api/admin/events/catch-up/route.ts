import { actionBody } from "@/lib/admin/audit/submissions";
import { catchUpRequest } from "@/lib/admin/events/events-api";
import { catchUpAsOperator } from "@/lib/admin/events/operator-actions";
import { requireOperator } from "@/lib/admin/operator";
import { apiRoute } from "@/lib/http/api-route";

/** Applies every event Stripe lists since a time that the store never finished: {since?, reason, submissionId}. */
export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = apiRoute({
  POST: async (request) => {
    const operator = await requireOperator(request);
    const body = await actionBody(request, catchUpRequest, {});
    return Response.json(await catchUpAsOperator(operator, request, body));
  },
});
