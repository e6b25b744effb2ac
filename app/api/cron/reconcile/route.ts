import { requireCronSecret } from "@/lib/cron-auth";
import { apiRoute } from "@/lib/http";
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
