import { z } from "zod/mini";
import { apiRoute } from "@/lib/http/api-route";
import { spendFeature } from "@/lib/payments/fulfilment/spends";
import { signedInJson } from "@/lib/http/signed-in-json";

const usageRequest = z.object({
  feature: z.string().check(z.minLength(1), z.maxLength(64)),
  // Printable ASCII, as Stripe's own idempotency keys: a client can always send it back verbatim.
  idempotencyKey: z.string().check(z.minLength(1), z.maxLength(255), z.regex(/^[\x21-\x7e]+$/)),
});

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = apiRoute({
  POST: async (request) => {
    const { user, body } = await signedInJson(request, usageRequest, 'Send a JSON body like {"feature": "generation", "idempotencyKey": "<a unique key per use>"}.');
    const { replayed, ...spend } = await spendFeature(user.id, body.idempotencyKey, body.feature);
    return Response.json(spend, { status: replayed ? 200 : 201 });
  },
});
