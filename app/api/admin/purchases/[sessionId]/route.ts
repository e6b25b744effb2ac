import { requireOperator } from "@/lib/admin/operator";
import { isCheckoutSessionId } from "@/lib/admin/purchases/search-input";
import { purchaseTimeline } from "@/lib/admin/purchases/timeline";
import { ApiError } from "@/lib/http/api-error";
import { apiRoute } from "@/lib/http/api-route";

// One purchase and its timeline, as its console page shows it.
export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = apiRoute<{ params: Promise<{ sessionId: string }> }>({
  GET: async (request, { params }) => {
    await requireOperator(request);
    const { sessionId } = await params;
    if (!isCheckoutSessionId(sessionId)) throw new ApiError("invalid_request", "That is not a Checkout Session id (cs_…).");
    const timeline = await purchaseTimeline(sessionId);
    if (!timeline) throw new ApiError("not_found", `There is no purchase with the Checkout Session id ${sessionId}.`);
    return Response.json(timeline);
  },
});
