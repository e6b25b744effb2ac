import { z } from "zod";
import { ApiError } from "@/lib/errors";
import { apiRoute } from "@/lib/http";
import { previewPlanChange } from "@/lib/payments/plan-change";
import { enforceRateLimit } from "@/lib/rate-limit";
import { readJsonWithin } from "@/lib/request-body";
import { requireUser } from "@/lib/session";

const body = z.object({ plan: z.string().min(1).max(64) });

/** What moving to another monthly plan would do: for an upgrade, the prorated amount due now. */
export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = apiRoute({
  POST: async (request) => {
    await enforceRateLimit(request);
    const user = await requireUser(request);
    const parsed = body.safeParse(await readJsonWithin(request));
    if (!parsed.success) throw new ApiError("invalid_request", 'Send a JSON body like {"plan": "advanced"}.');
    return Response.json(await previewPlanChange(user.id, parsed.data.plan));
  },
});
