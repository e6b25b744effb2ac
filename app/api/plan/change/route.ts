import { planChangeRequest } from "@/lib/api-contract/plans-api";
import { apiRoute } from "@/lib/http/api-route";
import { changePlan } from "@/lib/payments/plans/plan-change";
import { signedInJson } from "@/lib/http/signed-in-json";

/** Moves the subscriber to another monthly plan on the same subscription (see lib/payments/plans/plan-change.ts). */
export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = apiRoute({
  POST: async (request) => {
    const { user, body } = await signedInJson(request, planChangeRequest, 'Send a JSON body like {"plan": "advanced", "prorationDate": 1767225600}.');
    return Response.json(await changePlan(user.id, body.plan, body.prorationDate));
  },
});
