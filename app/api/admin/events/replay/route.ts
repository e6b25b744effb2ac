import { actionBody } from "@/lib/admin/audit/submissions";
import { replayRequest } from "@/lib/admin/events/events-api";
import { replayAsOperator } from "@/lib/admin/events/operator-actions";
import { requireOperator } from "@/lib/admin/operator";
import { apiRoute } from "@/lib/http/api-route";

/** Fetches one event from Stripe by id and applies it through the webhook's handler: {eventId, reason, submissionId}. */
export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = apiRoute({
  POST: async (request) => {
    const operator = await requireOperator(request);
    const body = await actionBody(request, replayRequest, {});
    return Response.json(await replayAsOperator(operator, request, body));
  },
});
