import { z } from "zod";
import { ApiError } from "@/lib/errors";
import { apiRoute } from "@/lib/http";
import { changePlan } from "@/lib/payments/plan-change";
import { enforceRateLimit } from "@/lib/rate-limit";
import { readJsonWithin } from "@/lib/request-body";
import { requireUser } from "@/lib/session";

const body = z.object({ plan: z.string().min(1).max(64), prorationDate: z.number().int().positive().optional() });

/** Moves the subscriber to another monthly plan on the same subscription (see lib/payments/plan-change.ts). */
export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = apiRoute({
  POST: async (request) => {
    await enforceRateLimit(request);
    const user = await requireUser(request);
    const parsed = body.safeParse(await readJsonWithin(request));
    if (!parsed.success) throw new ApiError("invalid_request", 'Send a JSON body like {"plan": "advanced", "prorationDate": 1767225600}.');
    return Response.json(await changePlan(user.id, parsed.data.plan, parsed.data.prorationDate));
  },
});
