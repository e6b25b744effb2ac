import { ApiError } from "@/lib/http/api-error";
import { apiRoute } from "@/lib/http/api-route";
import { paymentStatusForSessionToken } from "@/lib/payments/status/status-for-buyer";
import { enforceRateLimit } from "@/lib/http/rate-limit";
import { signedSessionToken } from "@/lib/auth/session";

const sessionIdFormat = /^cs_(test|live)_[A-Za-z0-9]{1,200}$/;

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = apiRoute<{ params: Promise<{ sessionId: string }> }>({
  GET: async (request, { params }) => {
    // The limit is counted while the status is read, one round trip instead of two; Stripe is
    // only asked once the limit has let the request through.
    const limited = enforceRateLimit(request);
    const answer = async () => {
      const { sessionId } = await params;
      if (!sessionIdFormat.test(sessionId)) throw new ApiError("invalid_request", "That is not a Checkout Session id (cs_…).");
      const token = await signedSessionToken(request.headers);
      return paymentStatusForSessionToken(token, sessionId, async () => {
        await limited;
        return true;
      });
    };
    // A client over the limit hears 429 whatever else is wrong with its request.
    const [limit, read] = await Promise.allSettled([limited, answer()]);
    if (limit.status === "rejected") throw limit.reason;
    if (read.status === "rejected") throw read.reason;
    return Response.json({ status: read.value.status });
  },
});
