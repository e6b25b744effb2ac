import { planPreviewRequest } from "@/lib/api-contract/plans-api";
import { apiRoute } from "@/lib/http/api-route";
import { previewPlanChange } from "@/lib/payments/plans/plan-change";
import { signedInJson } from "@/lib/http/signed-in-json";

/** What moving to another monthly plan would do: for an upgrade, the prorated amount due now. */
export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = apiRoute({
  POST: async (request) => {
    const { user, body } = await signedInJson(request, planPreviewRequest, 'Send a JSON body like {"plan": "advanced"}.');
    return Response.json(await previewPlanChange(user.id, body.plan));
  },
});
