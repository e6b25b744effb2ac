import { describe, expect, it, onTestFinished } from "vitest";
import { requestIdOf } from "@/lib/admin/audit-log";
import { apiRoute } from "@/lib/http/api-route";
import { currentRequestId } from "@/lib/observability/request-id";
import { renderMetrics } from "@/lib/observability/metrics";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

// Answers with the request id as the handler and the code it calls see it.
const echo = apiRoute(
  {
    GET: async (request) => {
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 20));
      return Response.json({ handler: requestIdOf(request), lib: currentRequestId() });
    },
  },
  { rateLimit: "none" },
);

async function askWith(requestId?: string): Promise<{ header: string | null; seen: { handler: string; lib: string } }> {
  const headers = new Headers(requestId === undefined ? {} : { "x-request-id": requestId });
  const response = await echo.GET(new Request("http://app.test/api/echo", { headers }), undefined);
  return { header: response.headers.get("x-request-id"), seen: (await response.json()) as { handler: string; lib: string } };
}

describe("the request id", () => {
  it("takes a proxy's plain X-Request-Id, echoes it, and gives it to the handler and the code it calls", async () => {
    const { header, seen } = await askWith("edge-7f3a:42.1");
    expect(header).toBe("edge-7f3a:42.1");
    expect(seen).toEqual({ handler: "edge-7f3a:42.1", lib: "edge-7f3a:42.1" });
  });

  it("replaces a missing, overlong or oddly spelled one with a new UUID, the same one everywhere", async () => {
    for (const given of [undefined, "x".repeat(129), "two words", "<script>", ""]) {
      const { header, seen } = await askWith(given);
      expect(header).toMatch(UUID);
      expect(seen).toEqual({ handler: header, lib: header });
    }
  });

  it("keeps concurrent requests' ids apart", async () => {
    const ids = Array.from({ length: 20 }, (_, index) => `req-${index}`);
    const answers = await Promise.all(ids.map((id) => askWith(id)));
    expect(answers.map(({ header, seen }) => [header, seen.handler, seen.lib])).toEqual(ids.map((id) => [id, id, id]));
  });

  it("is echoed on error answers and on OPTIONS too", async () => {
    const refused = await echo.DELETE(new Request("http://app.test/api/echo", { method: "DELETE", headers: { "x-request-id": "del-1" } }), undefined);
    expect(refused.status).toBe(405);
    expect(refused.headers.get("x-request-id")).toBe("del-1");
    const options = await echo.OPTIONS(new Request("http://app.test/api/echo", { method: "OPTIONS" }), undefined);
    expect(options.headers.get("x-request-id")).toMatch(UUID);
  });
});

describe("the rate limit's refusals", () => {
  it("are counted under their limiter", async () => {
    // Metrics are counted only while a scraper could read them (lib/observability/metrics.ts).
    process.env.METRICS_TOKEN = "a-metrics-token-of-some-length";
    onTestFinished(() => {
      delete process.env.METRICS_TOKEN;
    });
    const limited = apiRoute({ GET: async () => Response.json({ ok: true }) });
    const refusals = async () => Number((await renderMetrics()).body.match(/^storefront_rate_limited_total\{limiter="api"\} (\d+)$/m)?.[1]);
    const before = await refusals();
    const headers = { "x-forwarded-for": "10.201.0.1" };
    const statuses: number[] = [];
    for (let hit = 0; hit < 102; hit += 1) statuses.push((await limited.GET(new Request("http://app.test/api/limited", { headers }), undefined)).status);
    expect(statuses.filter((status) => status === 429)).toHaveLength(2);
    expect((await refusals()) - before).toBe(2);
  });
});
