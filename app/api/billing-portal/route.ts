import { portalRequest } from "@/lib/api-contract/billing-portal-api";
import { apiRoute, publicOrigin } from "@/lib/http/api-route";
import { openBillingPortal } from "@/lib/payments/plans/billing-portal";
import { signedInJson } from "@/lib/http/signed-in-json";

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = apiRoute({
  POST: async (request) => {
    const { user, body } = await signedInJson(request, portalRequest, 'Send no body, or {"flow": "payment_method_update"} to open the card form.');
    return Response.json(await openBillingPortal(user.id, `${publicOrigin(request)}/account`, body?.flow === "payment_method_update"));
  },
});
