import { checkoutSessionIdFormat, type PaymentStatusAnswer } from "@/lib/api-contract/payment-status-api";
import { ApiError } from "@/lib/http/api-error";
import { apiRoute } from "@/lib/http/api-route";
import { paymentStatusForSessionToken } from "@/lib/payments/status/status-for-buyer";
import { signedSessionToken } from "@/lib/auth/session";

// The limit is counted while the status is read, one round trip instead of two; Stripe is only
// asked once the limit has let the request through.
export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = apiRoute<{ params: Promise<{ sessionId: string }> }>(
  {
    GET: async (request, { params }, withinLimit) => {
      const { sessionId } = await params;
      if (!checkoutSessionIdFormat.test(sessionId)) throw new ApiError("invalid_request", "That is not a Checkout Session id (cs_…).");
      const token = await signedSessionToken(request.headers);
      const { status } = await paymentStatusForSessionToken(token, sessionId, async () => {
        await withinLimit;
        return true;
      });
      return Response.json({ status } satisfies PaymentStatusAnswer);
    },
  },
  { rateLimit: "alongside" },
);
