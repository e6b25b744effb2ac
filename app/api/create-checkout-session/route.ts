import { z } from "zod";
import { ApiError } from "@/lib/errors";
import { apiRoute, publicOrigin } from "@/lib/http";
import { startCheckout } from "@/lib/payments/checkout";
import { enforceRateLimit } from "@/lib/rate-limit";
import { readJsonWithin } from "@/lib/request-body";
import { requireUser } from "@/lib/session";

const body = z.object({ priceId: z.string() });
const priceIdFormat = /^price_[A-Za-z0-9_]{1,250}$/;

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = apiRoute({
  POST: async (request) => {
    await enforceRateLimit(request);
    const user = await requireUser(request);
    const parsed = body.safeParse(await readJsonWithin(request));
    if (!parsed.success) throw new ApiError("invalid_request", 'Send a JSON body like {"priceId": "price_…"}.');
    if (!priceIdFormat.test(parsed.data.priceId)) {
      throw new ApiError("invalid_price_id", `"${parsed.data.priceId.slice(0, 60)}" is not a price id (price_…).`);
    }
    return Response.json(await startCheckout(user, parsed.data.priceId, publicOrigin(request)));
  },
});
