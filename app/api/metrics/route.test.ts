import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { GET as metricsRoute, POST as postMetrics } from "@/app/api/metrics/route";
import { GET as liveRoute } from "@/app/api/health/live/route";
import { readCheckout } from "@/lib/stripe-gateway/checkout-sessions";
import { signUpBuyer } from "@/test-support/buyers";
import { checkout, requestStatus } from "@/test-support/route-calls";
import { startTestStripe, type TestStripe } from "@/test-support/test-stripe";

const TOKEN = "metrics-token-for-tests-0123456789";

let sandbox: TestStripe;
beforeAll(async () => {
  sandbox = await startTestStripe({ deliverWebhooks: false });
});
afterAll(() => sandbox.close());
afterEach(() => {
  delete process.env.METRICS_TOKEN;
});

function scrape(authorization?: string): Promise<Response> {
  const headers = new Headers(authorization === undefined ? {} : { authorization });
  return metricsRoute(new Request("http://app.test/api/metrics", { headers }), undefined);
}

async function scrapedText(): Promise<string> {
  process.env.METRICS_TOKEN = TOKEN;
  const response = await scrape(`Bearer ${TOKEN}`);
  expect(response.status).toBe(200);
  return response.text();
}

/** The value of one series in a scrape, 0 when it is absent. */
function valueOf(text: string, series: string): number {
  const line = text.split("\n").find((candidate) => candidate.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : 0;
}

describe("GET /api/metrics", () => {
  it("answers a scrape without a token, or with a wrong one, 401 in the error shape", async () => {
    process.env.METRICS_TOKEN = TOKEN;
    for (const authorization of [undefined, "Bearer wrong-token-0123456789abcdef", `Basic ${TOKEN}`, `Bearer ${TOKEN}x`]) {
      const response = await scrape(authorization);
      expect(response.status).toBe(401);
      expect(await response.json()).toEqual({ error: { code: "unauthenticated", message: expect.stringContaining("metrics token"), type: "authentication_error" } });
    }
  });

  it("answers 503 metrics_not_configured while METRICS_TOKEN is not set, whatever the scrape presents", async () => {
    const response = await scrape(`Bearer ${TOKEN}`);
    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({ error: { code: "metrics_not_configured", type: "api_error" } });
  });

  it("serves the storefront_ metrics in Prometheus's text format to the right token", async () => {
    process.env.METRICS_TOKEN = TOKEN;
    const response = await scrape(`bearer ${TOKEN}`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await response.text();
    for (const name of ["http_requests_total", "webhook_events_total", "stripe_requests_total", "payments_total", "db_pool_connections", "process_cpu_seconds_total"]) {
      expect(text).toContain(`# TYPE storefront_${name} `);
    }
    expect(text).toMatch(/^storefront_db_pool_connections\{state="in_use"\} \d+$/m);
  });

  it("refuses another method with 405 and the methods it takes", async () => {
    const response = await postMetrics(new Request("http://app.test/api/metrics", { method: "POST" }), undefined);
    expect(response.status).toBe(405);
    expect(response.headers.get("allow")).toBe("GET, HEAD, OPTIONS");
    expect(await response.json()).toMatchObject({ error: { code: "method_not_allowed" } });
  });
});

describe("what a scrape counts", () => {
  it("counts API requests under the route's template, never the URL a client wrote", async () => {
    const before = await scrapedText();
    const series = 'storefront_http_requests_total{route="/api/check-payment-status/[sessionId]",method="GET",status="400"}';

    for (const id of ["not-a-session", "cs_live_%", "still-not-one"]) expect((await requestStatus(null, id)).status).toBe(400);

    const after = await scrapedText();
    expect(valueOf(after, series) - valueOf(before, series)).toBe(3);
    expect(after).not.toContain("not-a-session");
    expect(after).toMatch(/^storefront_http_request_duration_seconds_count\{route="\/api\/check-payment-status\/\[sessionId\]",method="GET",status="400"\} \d+$/m);
  });

  it("counts each call to Stripe under its endpoint, ids taken out, and how it ended", async () => {
    const before = await scrapedText();
    const created = 'storefront_stripe_requests_total{operation="POST /v1/checkout/sessions",outcome="ok"}';
    const missing = 'storefront_stripe_requests_total{operation="GET /v1/checkout/sessions/{id}",outcome="missing"}';

    const buyer = await signUpBuyer();
    await checkout(buyer, await sandbox.priceId("small_pack"));
    expect(await readCheckout("cs_test_a1NoSuchSessionAtAll")).toBeNull();

    const after = await scrapedText();
    expect(valueOf(after, created) - valueOf(before, created)).toBe(1);
    expect(valueOf(after, missing) - valueOf(before, missing)).toBe(1);
    expect(after).not.toMatch(/operation="[^"]*cs_test_/);
  });

  it("counts nothing while METRICS_TOKEN is unset, when nothing could scrape the count", async () => {
    const before = await scrapedText();
    delete process.env.METRICS_TOKEN;
    await liveRoute(new Request("http://app.test/api/health/live"), undefined);
    const after = await scrapedText();
    const live = 'storefront_http_requests_total{route="/api/health/live",method="GET",status="200"}';
    expect(valueOf(after, live)).toBe(valueOf(before, live));
  });

  it("counts the scrape and the probes themselves like any request", async () => {
    const before = await scrapedText();
    await liveRoute(new Request("http://app.test/api/health/live"), undefined);
    const after = await scrapedText();
    const live = 'storefront_http_requests_total{route="/api/health/live",method="GET",status="200"}';
    expect(valueOf(after, live) - valueOf(before, live)).toBe(1);
    expect(valueOf(after, 'storefront_http_requests_total{route="/api/metrics",method="GET",status="200"}')).toBeGreaterThanOrEqual(1);
  });
});
