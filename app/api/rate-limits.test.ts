import { randomInt } from "node:crypto";
import { describe, expect, it } from "vitest";
import { GET as receiptRoute } from "@/app/account/receipts/[sessionId]/route";
import { GET as accountRoute } from "@/app/api/account/route";
import { GET as authRoute, POST as authPost } from "@/app/api/auth/[...all]/route";
import { POST as portalRoute } from "@/app/api/billing-portal/route";
import { GET as statusRoute } from "@/app/api/check-payment-status/[sessionId]/route";
import { POST as checkoutRoute } from "@/app/api/create-checkout-session/route";
import { POST as cronRoute } from "@/app/api/cron/reconcile/route";
import { POST as localeRoute } from "@/app/api/locale/route";
import { POST as planChangeRoute } from "@/app/api/plan/change/route";
import { POST as planPreviewRoute } from "@/app/api/plan/preview/route";
import { POST as webhookRoute } from "@/app/api/stripe/webhook/route";
import { POST as usageRoute } from "@/app/api/usage/route";

// The API contract: 100 requests a minute per client address, on every route, signed in or not.
// Each case comes from an address of its own, so the cases do not share a count.

const LIMIT = 100;

function freshAddress(): string {
  return `203.0.${randomInt(0, 256)}.${randomInt(1, 255)}`;
}

type Send = (address: string) => Promise<Response>;

const json = (address: string, body: unknown) => ({
  method: "POST",
  headers: { "x-forwarded-for": address, "content-type": "application/json" },
  body: JSON.stringify(body),
});
const sessionParams = { params: Promise.resolve({ sessionId: "cs_test_limits" }) };

const limitedRoutes: [string, Send][] = [
  ["GET /api/account", (a) => accountRoute(new Request("http://app.test/api/account", { headers: { "x-forwarded-for": a } }), undefined)],
  ["GET /api/auth/get-session", (a) => authRoute(new Request("http://app.test/api/auth/get-session", { headers: { "x-forwarded-for": a } }), undefined)],
  ["POST /api/create-checkout-session", (a) => checkoutRoute(new Request("http://app.test/api/create-checkout-session", json(a, { priceId: "price_x" })), undefined)],
  ["GET /api/check-payment-status/:id", (a) => statusRoute(new Request("http://app.test/api/check-payment-status/cs_test_limits", { headers: { "x-forwarded-for": a } }), sessionParams)],
  ["POST /api/billing-portal", (a) => portalRoute(new Request("http://app.test/api/billing-portal", json(a, {})), undefined)],
  ["POST /api/plan/preview", (a) => planPreviewRoute(new Request("http://app.test/api/plan/preview", json(a, { plan: "advanced" })), undefined)],
  ["POST /api/plan/change", (a) => planChangeRoute(new Request("http://app.test/api/plan/change", json(a, { plan: "advanced" })), undefined)],
  ["POST /api/usage", (a) => usageRoute(new Request("http://app.test/api/usage", json(a, { feature: "generation", idempotencyKey: "k" })), undefined)],
  [
    "POST /api/locale",
    (a) =>
      localeRoute(
        new Request("http://app.test/api/locale", { method: "POST", headers: { "x-forwarded-for": a, "content-type": "application/x-www-form-urlencoded" }, body: "locale=en" }),
        undefined,
      ),
  ],
  ["GET /account/receipts/:id", (a) => receiptRoute(new Request("http://app.test/account/receipts/cs_test_limits", { headers: { "x-forwarded-for": a } }), sessionParams)],
];

async function statusesOf(send: Send, address: string, count: number): Promise<number[]> {
  const statuses: number[] = [];
  for (let request = 0; request < count; request += 1) statuses.push((await send(address)).status);
  return statuses;
}

describe("the API's rate limit", () => {
  it.each(limitedRoutes)("refuses the 101st request a minute from one address to %s with 429 in the error shape", async (_name, send) => {
    const address = freshAddress();
    const within = await statusesOf(send, address, LIMIT);
    expect(within).not.toContain(429);
    const refused = await send(address);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await refused.json()).toMatchObject({ error: { code: "rate_limit_exceeded", type: "rate_limit_error" } });
    // Another address is counted on its own.
    expect((await send(freshAddress())).status).not.toBe(429);
  });

  it("counts a sign-in against the same limit as the rest of the API", async () => {
    const address = freshAddress();
    await statusesOf((a) => accountRoute(new Request("http://app.test/api/account", { headers: { "x-forwarded-for": a } }), undefined), address, LIMIT);
    const signIn = await authPost(new Request("http://app.test/api/auth/sign-in/email", json(address, { email: "nobody@example.com", password: "wrong horse" })), undefined);
    expect(signIn.status).toBe(429);
  });

  it("never refuses Stripe's webhook deliveries or the scheduler, which the contract does not limit", async () => {
    const address = freshAddress();
    const webhook = await statusesOf(
      (a) => webhookRoute(new Request("http://app.test/api/stripe/webhook", { method: "POST", headers: { "x-forwarded-for": a, "stripe-signature": "t=1,v1=00" }, body: "{}" }), undefined),
      address,
      LIMIT + 20,
    );
    expect(webhook).not.toContain(429);
    const cron = await statusesOf((a) => cronRoute(new Request("http://app.test/api/cron/reconcile", { method: "POST", headers: { "x-forwarded-for": a } }), undefined), address, LIMIT + 20);
    expect(cron).not.toContain(429);
  });
});
