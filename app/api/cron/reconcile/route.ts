import { requireCronSecret } from "@/lib/cron-auth";
import { apiRoute } from "@/lib/http";
import { reconcile } from "@/lib/payments/reconcile";

export const POST = apiRoute(async (request) => {
  requireCronSecret(request);
  return Response.json(await reconcile(), { headers: { "Cache-Control": "no-store" } });
});
