import { z } from "zod";
import { ApiError } from "@/lib/errors";
import { apiRoute } from "@/lib/http";
import { spendFeature } from "@/lib/payments/fulfilment/spends";
import { enforceRateLimit } from "@/lib/rate-limit";
import { readJsonWithin } from "@/lib/request-body";
import { requireUser } from "@/lib/session";

const body = z.object({
  feature: z.string().min(1).max(64),
  // Printable ASCII, as Stripe's own idempotency keys: a client can always send it back verbatim.
  idempotencyKey: z.string().min(1).max(255).regex(/^[\x21-\x7e]+$/),
});

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = apiRoute({
  POST: async (request) => {
    await enforceRateLimit(request);
    const user = await requireUser(request);
    const parsed = body.safeParse(await readJsonWithin(request));
    if (!parsed.success) {
      throw new ApiError("invalid_request", 'Send a JSON body like {"feature": "generation", "idempotencyKey": "<a unique key per use>"}.');
    }
    const { replayed, ...spend } = await spendFeature(user.id, parsed.data.idempotencyKey, parsed.data.feature);
    return Response.json(spend, { status: replayed ? 200 : 201 });
  },
});
