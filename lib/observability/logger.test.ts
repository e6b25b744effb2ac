import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { POST as authRoute } from "@/app/api/auth/[...all]/route";
import { apiRoute } from "@/lib/http/api-route";
import { logger } from "@/lib/observability/logger";
import { signUpBuyer } from "@/test-support/buyers";
import { checkout, deliver, statusOf } from "@/test-support/route-calls";
import { startTestStripe, type TestStripe } from "@/test-support/test-stripe";

const AUTH_SECRET = "auth-secret-only-this-test-knows-0123456789";
const CARD = "4242424242424242";
process.env.BETTER_AUTH_SECRET = AUTH_SECRET;

let sandbox: TestStripe;
beforeAll(async () => {
  sandbox = await startTestStripe();
});
afterAll(() => sandbox.close());

let written: string[];
beforeEach(() => {
  written = [];
  process.env.LOG_LEVEL = "trace";
  vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => {
    written.push(String(chunk));
    return true;
  });
});
afterEach(() => {
  vi.restoreAllMocks();
  delete process.env.LOG_LEVEL;
});

/** What the logger wrote since the test began, one parsed object per line. */
function logLines(): Record<string, unknown>[] {
  return written
    .join("")
    .split("\n")
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe("the request line", () => {
  const route = apiRoute({
    GET: async (request) => {
      const { searchParams } = new URL(request.url);
      if (searchParams.has("break")) throw new Error(`broke while serving ${searchParams.get("break")}`);
      if (searchParams.has("refuse")) return Response.json({ error: "no" }, { status: 404 });
      return Response.json({ ok: true });
    },
  }, { rateLimit: "none" });

  it("is one JSON line per request with its method, route, status, duration and request id, at info", async () => {
    const response = await route.GET(new Request("http://app.test/api/logged", { headers: { "x-request-id": "lb-1234" } }), undefined);
    expect(response.headers.get("x-request-id")).toBe("lb-1234");
    expect(logLines()).toEqual([
      expect.objectContaining({ level: "info", requestId: "lb-1234", method: "GET", route: "/api/logged", status: 200, durationMs: expect.any(Number), msg: "api request" }),
    ]);
  });

  it("logs a refusal at info, and only an answer of 500 or more at error, with the failure", async () => {
    await route.GET(new Request("http://app.test/api/logged?refuse=1"), undefined);
    await route.POST(new Request("http://app.test/api/logged", { method: "POST" }), undefined);
    await route.GET(new Request("http://app.test/api/logged?break=ada@example.com"), undefined);
    const [refused, notAllowed, broken] = logLines();
    expect(refused).toMatchObject({ level: "info", status: 404 });
    expect(notAllowed).toMatchObject({ level: "info", status: 405, method: "POST" });
    expect(broken).toMatchObject({ level: "error", status: 500, err: { type: "Error", message: "broke while serving a***@example.com" } });
  });
});

describe("what a purchase leaves in the logs", () => {
  it("never shows a secret, a card number or the buyer's full email, even when code logs them outright", async () => {
    const buyer = await signUpBuyer();
    const signIn = new Request("http://app.test/api/auth/sign-in/email", {
      method: "POST",
      headers: { "content-type": "application/json", "x-forwarded-for": "10.99.0.1" },
      body: JSON.stringify({ email: buyer.email, password: "not the password" }),
    });
    expect((await authRoute(signIn, undefined)).status).toBe(401);
    const { sessionId } = await checkout(buyer, await sandbox.priceId("small_pack"));
    await sandbox.control(`/_sandbox/checkout/sessions/${sessionId}/pay`, { card: CARD });
    await sandbox.settled();
    expect(await statusOf(buyer, sessionId)).toBe("paid");
    expect((await deliver("{}", "t=1,v1=forged")).status).toBe(400);
    // Careless code, written on purpose: everything below must come out scrubbed.
    const stripeKey = process.env.STRIPE_SECRET_KEY ?? "";
    logger().info(
      { headers: new Headers({ authorization: `Bearer ${stripeKey}`, cookie: buyer.headers.get("cookie") ?? "", "stripe-signature": "t=1,v1=abc" }), buyer: { email: buyer.email, password: "hunter2" }, card: `${CARD.slice(0, 4)} ${CARD.slice(4, 8)} ${CARD.slice(8, 12)} ${CARD.slice(12)}` },
      `buyer ${buyer.email} paid with ${CARD} under ${stripeKey}`,
    );
    logger().error(new Error(`webhook secret ${sandbox.webhookSecret} and auth secret ${AUTH_SECRET} leaked`), "a careless failure");

    const text = written.join("");
    expect(logLines().length).toBeGreaterThan(5);
    expect(text).toContain(`${buyer.email[0]}***@example.com`);
    // A Stripe key, not any "sk_": stack traces name Node's task_queues.
    expect(text).not.toMatch(/\b[sr]k_(test|live)_/);
    for (const secret of ["whsec_", AUTH_SECRET, CARD, "4242 4242 4242 4242", buyer.email, "hunter2", buyer.headers.get("cookie") ?? "cookie"]) {
      expect(text, `the logs show ${secret}`).not.toContain(secret);
    }
  });
});
