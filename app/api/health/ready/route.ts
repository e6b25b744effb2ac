import { apiRoute } from "@/lib/http/api-route";
import { readiness, refuseProbeBody } from "@/lib/observability/health";

// Readiness: whether this instance can serve buyers now (lib/observability/health.ts). Polled by
// the load balancer, so never rate limited: a refusal would take a healthy instance out of service.
export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = apiRoute(
  {
    GET: async (request) => {
      refuseProbeBody(request);
      const { ready, checks } = await readiness();
      return Response.json({ status: ready ? "ok" : "unavailable", checks }, { status: ready ? 200 : 503 });
    },
  },
  { rateLimit: "none", probe: true },
);
