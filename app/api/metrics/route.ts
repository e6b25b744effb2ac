import { apiRoute } from "@/lib/http/api-route";
import { requireMetricsToken } from "@/lib/observability/metrics-access";
import { renderMetrics } from "@/lib/observability/metrics";

// This instance's figures for a Prometheus server (ops/prometheus/prometheus.yml). Not rate
// limited: the scraper is one known client holding the token, a refusal would blind the monitor,
// and counting would cost every scrape a database or Redis round trip. A scrape reads only what
// is held in memory (the pool's counters included), never the database.
export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = apiRoute(
  {
    GET: async (request) => {
      requireMetricsToken(request);
      const { contentType, body } = await renderMetrics();
      return new Response(body, { headers: { "content-type": contentType } });
    },
  },
  { rateLimit: "none", probe: true },
);
