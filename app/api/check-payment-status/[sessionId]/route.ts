import { ApiError } from "@/lib/errors";
import { apiRoute } from "@/lib/http";
import { paymentStatusForOwner } from "@/lib/payments/payment-status";
import { enforceRateLimit } from "@/lib/rate-limit";
import { requireUser } from "@/lib/session";

const sessionIdFormat = /^cs_(test|live)_[A-Za-z0-9]{1,200}$/;

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = apiRoute<{ params: Promise<{ sessionId: string }> }>({
  GET: async (request, { params }) => {
    await enforceRateLimit(request);
    const { sessionId } = await params;
    if (!sessionIdFormat.test(sessionId)) throw new ApiError("invalid_request", "That is not a Checkout Session id (cs_…).");
    const user = await requireUser(request);
    return Response.json({ status: await paymentStatusForOwner(user.id, sessionId) });
  },
});
