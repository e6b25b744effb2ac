import { apiRoute, publicOrigin } from "@/lib/http";
import { openBillingPortal } from "@/lib/payments/billing-portal";
import { enforceRateLimit } from "@/lib/rate-limit";
import { requireUser } from "@/lib/session";

export const POST = apiRoute(async (request) => {
  await enforceRateLimit(request);
  const user = await requireUser(request);
  return Response.json(await openBillingPortal(user.id, `${publicOrigin(request)}/account`));
});
