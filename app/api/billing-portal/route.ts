import { z } from "zod";
import { ApiError } from "@/lib/errors";
import { apiRoute, publicOrigin } from "@/lib/http";
import { openBillingPortal } from "@/lib/payments/billing-portal";
import { enforceRateLimit } from "@/lib/rate-limit";
import { readJsonWithin } from "@/lib/request-body";
import { requireUser } from "@/lib/session";

const body = z.object({ flow: z.literal("payment_method_update").optional() }).optional();

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = apiRoute({
  POST: async (request) => {
    await enforceRateLimit(request);
    const user = await requireUser(request);
    const parsed = body.safeParse(await readJsonWithin(request));
    if (!parsed.success) throw new ApiError("invalid_request", 'Send no body, or {"flow": "payment_method_update"} to open the card form.');
    return Response.json(await openBillingPortal(user.id, `${publicOrigin(request)}/account`, parsed.data?.flow === "payment_method_update"));
  },
});
