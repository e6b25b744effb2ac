import { requireCronSecret } from "@/lib/http/cron-secret";
import { apiRoute } from "@/lib/http/api-route";
import { reconcile } from "@/lib/payments/reconcile";

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = apiRoute(
  {
    POST: async (request) => {
      requireCronSecret(request);
      return Response.json(await reconcile());
    },
  },
  { serverToServer: true },
);
