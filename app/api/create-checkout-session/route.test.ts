import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { stripe } from "@/lib/stripe-gateway/client";
import { signUpBuyer } from "@/test-support/buyers";
import { checkout, requestCheckout, statusOf } from "@/test-support/route-calls";
import { startTestStripe, type TestStripe } from "@/test-support/test-stripe";

let sandbox: TestStripe;
beforeAll(async () => {
  sandbox = await startTestStripe({ deliverWebhooks: false });
});
afterAll(() => sandbox.close());

/** Forwards to the sandbox, except that creating a Checkout Session fails with the given Stripe error. */
async function startRefusingProxy(target: string, error: object): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      if (req.method === "POST" && req.url?.startsWith("/v1/checkout/sessions")) {
        res.writeHead(400, { "content-type": "application/json" });
        res.end(JSON.stringify({ error }));
        return;
      }
      const headers = Object.fromEntries(Object.entries(req.headers).filter((e): e is [string, string] => typeof e[1] === "string"));
      void fetch(`${target}${req.url ?? "/"}`, { method: req.method, headers, body: chunks.length ? Buffer.concat(chunks) : undefined }).then(
        async (upstream) => {
          res.writeHead(upstream.status, { "content-type": upstream.headers.get("content-type") ?? "application/json" });
          res.end(Buffer.from(await upstream.arrayBuffer()));
        },
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

async function errorOf(response: Response): Promise<{ status: number; code: string; type: string; message: string }> {
  const body = (await response.json()) as { error: { code: string; type: string; message: string } };
  return { status: response.status, ...body.error };
}

describe("POST /api/create-checkout-session", () => {
  it("opens a Stripe Checkout linked to the buyer, their one Stripe customer and the product", async () => {
    const buyer = await signUpBuyer();
    const priceId = await sandbox.priceId("medium_pack");

    const response = await requestCheckout(buyer, { priceId });

    expect(response.status).toBe(200);
    const { url, sessionId } = (await response.json()) as { url: string; sessionId: string };
    expect(sessionId).toMatch(/^cs_test_/);
    const session = await stripe().checkout.sessions.retrieve(sessionId, { expand: ["line_items"] });
    const user = await db.user.findUniqueOrThrow({ where: { id: buyer.id } });
    expect(session).toMatchObject({
      url,
      mode: "payment",
      status: "open",
      amount_total: 500,
      currency: "usd",
      client_reference_id: buyer.id,
      customer: user.stripeTestCustomerId,
      metadata: { userId: buyer.id, productKey: "medium_pack" },
    });
    expect(session.line_items?.data[0]?.price?.id).toBe(priceId);
    expect(session.success_url).toContain("/success?session_id={CHECKOUT_SESSION_ID}");
  });

  it("opens Stripe's Checkout in the buyer's language: Chinese when the browser or the header's choice says so", async () => {
    const chinese = await signUpBuyer();
    chinese.headers.set("accept-language", "zh-CN,zh;q=0.9");
    const chose = await signUpBuyer();
    chose.headers.set("cookie", `${chose.headers.get("cookie")}; NEXT_LOCALE=zh-CN`);
    const english = await signUpBuyer();
    const priceId = await sandbox.priceId("small_pack");

    const locales = await Promise.all(
      [chinese, chose, english].map(async (buyer) => (await stripe().checkout.sessions.retrieve((await checkout(buyer, priceId)).sessionId)).locale),
    );

    expect(locales).toEqual(["zh", "zh", "en"]);
  });

  it("opens monthly plans as subscriptions", async () => {
    const buyer = await signUpBuyer();
    const { sessionId } = await checkout(buyer, await sandbox.priceId("starter"));
    expect((await stripe().checkout.sessions.retrieve(sessionId)).mode).toBe("subscription");
  });

  it("gives a second click for the same product the still-open session, not a second payment", async () => {
    const buyer = await signUpBuyer();
    const priceId = await sandbox.priceId("small_pack");

    const first = await checkout(buyer, priceId);
    const second = await checkout(buyer, priceId);
    const other = await checkout(buyer, await sandbox.priceId("large_pack"));

    expect(second).toEqual(first);
    expect(other.sessionId).not.toBe(first.sessionId);
  });

  it("opens one session and creates one Stripe customer when a buyer clicks five times at once", async () => {
    const buyer = await signUpBuyer();
    const priceId = await sandbox.priceId("small_pack");

    const results = await Promise.all(Array.from({ length: 5 }, () => checkout(buyer, priceId)));

    expect(new Set(results.map((r) => r.sessionId)).size).toBe(1);
    const customers = await stripe().customers.list({ email: buyer.email, limit: 10 });
    expect(customers.data).toHaveLength(1);
    expect(await db.purchase.count({ where: { userId: buyer.id } })).toBe(1);
  });

  it("opens a new session once the previous one has expired", async () => {
    const buyer = await signUpBuyer();
    const priceId = await sandbox.priceId("small_pack");
    const first = await checkout(buyer, priceId);
    await stripe().checkout.sessions.expire(first.sessionId);

    const second = await checkout(buyer, priceId);

    expect(second.sessionId).not.toBe(first.sessionId);
  });

  it("refuses a second plan while the buyer has an active one", async () => {
    const buyer = await signUpBuyer();
    const { sessionId } = await checkout(buyer, await sandbox.priceId("starter"));
    await sandbox.control(`/_sandbox/checkout/sessions/${sessionId}/pay`, { card: "4242424242424242" });
    expect(await statusOf(buyer, sessionId)).toBe("paid");

    const refused = await errorOf(await requestCheckout(buyer, { priceId: await sandbox.priceId("advanced") }));
    const packs = await requestCheckout(buyer, { priceId: await sandbox.priceId("small_pack") });

    expect(refused).toMatchObject({ status: 409, code: "plan_already_active" });
    expect(refused.message).toMatch(/already have an active subscription/);
    expect(packs.status).toBe(200);
  });

  it("settles a plan the buyer paid for before its webhook came, and refuses a second plan", async () => {
    const buyer = await signUpBuyer();
    const starter = await checkout(buyer, await sandbox.priceId("starter"));
    await sandbox.control(`/_sandbox/checkout/sessions/${starter.sessionId}/pay`, { card: "4242424242424242" });

    const refused = await errorOf(await requestCheckout(buyer, { priceId: await sandbox.priceId("advanced") }));

    expect(refused).toMatchObject({ status: 409, code: "plan_already_active" });
    expect(refused.message).toMatch(/already have an active subscription/);
    expect(await db.plan.findUniqueOrThrow({ where: { userId: buyer.id } })).toMatchObject({ tier: "starter", status: "active" });
  });

  it("never opens a second checkout for the same plan once the first was paid, even before its webhook", async () => {
    const buyer = await signUpBuyer();
    const priceId = await sandbox.priceId("starter");
    const first = await checkout(buyer, priceId);
    await sandbox.control(`/_sandbox/checkout/sessions/${first.sessionId}/pay`, { card: "4242424242424242" });

    const again = await errorOf(await requestCheckout(buyer, { priceId }));

    expect(again).toMatchObject({ status: 409, code: "plan_already_active" });
    const customer = (await db.user.findUniqueOrThrow({ where: { id: buyer.id } })).stripeTestCustomerId ?? "";
    expect((await stripe().checkout.sessions.list({ customer, limit: 100 })).data).toHaveLength(1);
    expect((await stripe().subscriptions.list({ customer })).data).toHaveLength(1);
  });

  it("refuses a second plan while a bank debit for Lifetime is still settling", async () => {
    const buyer = await signUpBuyer();
    const lifetime = await checkout(buyer, await sandbox.priceId("lifetime"));
    await sandbox.control(`/_sandbox/checkout/sessions/${lifetime.sessionId}/pay`, { method: "async_bank_debit" });
    expect(await statusOf(buyer, lifetime.sessionId)).toBe("processing");

    const refused = await errorOf(await requestCheckout(buyer, { priceId: await sandbox.priceId("starter") }));

    expect(refused).toMatchObject({ status: 409, code: "plan_already_active" });
    expect(refused.message).toMatch(/payment for Lifetime is still being confirmed/);
  });

  it("leaves one open plan checkout when two different plans are started at the same moment", async () => {
    const buyer = await signUpBuyer();
    const [starter, advanced] = await Promise.all([
      requestCheckout(buyer, { priceId: await sandbox.priceId("starter") }),
      requestCheckout(buyer, { priceId: await sandbox.priceId("advanced") }),
    ]);

    expect([starter.status, advanced.status]).toEqual([200, 200]);
    const customer = (await db.user.findUniqueOrThrow({ where: { id: buyer.id } })).stripeTestCustomerId ?? "";
    expect((await stripe().checkout.sessions.list({ customer, status: "open", limit: 100 })).data).toHaveLength(1);
  });

  it("expires the buyer's open checkout for another plan when they choose a different plan", async () => {
    const buyer = await signUpBuyer();
    const starter = await checkout(buyer, await sandbox.priceId("starter"));

    await checkout(buyer, await sandbox.priceId("professional"));

    expect((await stripe().checkout.sessions.retrieve(starter.sessionId)).status).toBe("expired");
  });

  describe("refuses bad requests with the API's error shape", () => {
    it("401 unauthenticated when nobody is signed in", async () => {
      expect(await errorOf(await requestCheckout(null, { priceId: await sandbox.priceId("small_pack") }))).toMatchObject({
        status: 401,
        code: "unauthenticated",
        type: "authentication_error",
      });
    });

    it.each([
      ["no body", ""],
      ["a body that is not JSON", "{priceId:"],
      ["no priceId", {}],
      ["a priceId that is not a string", { priceId: 42 }],
    ])("400 invalid_request for %s", async (_name, body) => {
      expect(await errorOf(await requestCheckout(await signUpBuyer(), body))).toMatchObject({ status: 400, code: "invalid_request" });
    });

    it.each(["", "prod_123", "price_", "price_with spaces", "price_<script>", `price_${"x".repeat(300)}`])(
      "400 invalid_price_id for %j",
      async (priceId) => {
        expect(await errorOf(await requestCheckout(await signUpBuyer(), { priceId }))).toMatchObject({
          status: 400,
          code: "invalid_price_id",
        });
      },
    );

    it("404 price_not_found for a well-formed price that is not in the catalog", async () => {
      const stray = await stripe().prices.create({ currency: "usd", unit_amount: 700, product_data: { name: "Not for sale" } });
      for (const priceId of ["price_1QlYNRHVMy0i1BlJA1y0DxB2", stray.id]) {
        expect(await errorOf(await requestCheckout(await signUpBuyer(), { priceId }))).toMatchObject({
          status: 404,
          code: "price_not_found",
        });
      }
    });

    describe("with a misconfigured catalog price", () => {
      afterEach(() => {
        delete process.env.STRIPE_PRICE_SMALL_PACK;
      });

      it("400 currency_not_supported for a price that is not in USD", async () => {
        const euro = await stripe().prices.create({ currency: "eur", unit_amount: 200, product_data: { name: "Small (EUR)" } });
        process.env.STRIPE_PRICE_SMALL_PACK = euro.id;

        expect(await errorOf(await requestCheckout(await signUpBuyer(), { priceId: euro.id }))).toMatchObject({
          status: 400,
          code: "currency_not_supported",
        });
      });

      it("400 amount_too_small when Stripe refuses the amount as below its minimum", async () => {
        const tiny = await stripe().prices.create({ currency: "usd", unit_amount: 10, product_data: { name: "Too cheap" } });
        process.env.STRIPE_PRICE_SMALL_PACK = tiny.id;

        expect(await errorOf(await requestCheckout(await signUpBuyer(), { priceId: tiny.id }))).toMatchObject({
          status: 400,
          code: "amount_too_small",
        });
      });
    });

    it("400 amount_too_large when Stripe refuses the amount as above its maximum", async () => {
      // No catalog price can exceed Stripe's maximum at quantity 1, so a proxy in front of the
      // sandbox answers session creation the way Stripe answers an amount over $999,999.99.
      const proxy = await startRefusingProxy(sandbox.apiBase, {
        type: "invalid_request_error",
        code: "amount_too_large",
        param: "amount",
        message: "Amount must be no more than $999,999.99",
      });
      const saved = process.env.STRIPE_API_BASE;
      process.env.STRIPE_API_BASE = proxy.url;
      try {
        expect(await errorOf(await requestCheckout(await signUpBuyer(), { priceId: await sandbox.priceId("lifetime") }))).toMatchObject({
          status: 400,
          code: "amount_too_large",
          message: "Amount must be no more than $999,999.99",
        });
      } finally {
        process.env.STRIPE_API_BASE = saved;
        await proxy.close();
      }
    });

    it("429 rate_limit_exceeded with Retry-After after 100 requests a minute from one address", async () => {
      const headers = { "x-forwarded-for": "203.0.113.7" };
      const anonymous = { id: "", email: "", headers: new Headers(headers) };
      const statuses: number[] = [];
      for (let i = 0; i < 100; i += 1) statuses.push((await requestCheckout(anonymous, { priceId: "price_x" })).status);
      const limited = await requestCheckout(anonymous, { priceId: "price_x" });
      const elsewhere = await requestCheckout({ ...anonymous, headers: new Headers({ "x-forwarded-for": "203.0.113.8" }) }, { priceId: "price_x" });

      expect(statuses.every((s) => s !== 429)).toBe(true);
      expect(limited.status).toBe(429);
      expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
      expect(await errorOf(limited)).toMatchObject({ code: "rate_limit_exceeded", type: "rate_limit_error" });
      expect(elsewhere.status).not.toBe(429);
    });

    describe("when Stripe cannot be used", () => {
      let saved: { STRIPE_API_BASE?: string; STRIPE_SECRET_KEY?: string } = {};
      beforeEach(() => {
        saved = { STRIPE_API_BASE: process.env.STRIPE_API_BASE, STRIPE_SECRET_KEY: process.env.STRIPE_SECRET_KEY };
      });
      afterEach(() => {
        Object.assign(process.env, saved);
      });

      it("503 stripe_unavailable when Stripe does not answer", async () => {
        const buyer = await signUpBuyer();
        process.env.STRIPE_API_BASE = "http://127.0.0.1:9";
        process.env.STRIPE_SECRET_KEY = "sk_test_unreachable";

        expect(await errorOf(await requestCheckout(buyer, { priceId: "price_anything" }))).toMatchObject({
          status: 503,
          code: "stripe_unavailable",
        });
      });

      it("503 stripe_not_configured when no Stripe key is set", async () => {
        const buyer = await signUpBuyer();
        delete process.env.STRIPE_SECRET_KEY;

        const error = await errorOf(await requestCheckout(buyer, { priceId: "price_anything" }));

        expect(error).toMatchObject({ status: 503, code: "stripe_not_configured" });
        expect(error.message).toMatch(/no Stripe is set up/);
      });
    });
  });
});
