import { requireCronSecret } from "@/lib/http/cron-secret";
import { apiRoute } from "@/lib/http/api-route";
import { recordedReconcile } from "@/lib/payments/reconcile-runs";

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = apiRoute(
  {
    POST: async (request) => {
      requireCronSecret(request);
      return Response.json(await recordedReconcile("cron"));
    },
  },
  // Not rate limited: only the scheduler that holds CRON_SECRET gets past the first line, and a
  // limit counted per address would be shared with whatever else runs on the scheduler's host.
  { serverToServer: true, rateLimit: "none" },
);
