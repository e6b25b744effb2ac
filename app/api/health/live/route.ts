import { apiRoute } from "@/lib/http/api-route";
import { refuseProbeBody } from "@/lib/observability/health";

// Liveness: the process answers. A load balancer or orchestrator polls it every few seconds, so it
// is never rate limited (a refusal would look like a dead instance) and asks nothing of anyone.
export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = apiRoute(
  {
    GET: async (request) => {
      refuseProbeBody(request);
      return Response.json({ status: "ok" });
    },
  },
  { rateLimit: "none", probe: true },
);
