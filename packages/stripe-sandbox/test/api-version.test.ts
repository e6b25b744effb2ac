import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { missingFixtureKeys } from "./fixtures";
import { startHarness, type Harness } from "./helpers";

const EMBEDDED_RETURN = "https://shop.example/return?session_id={CHECKOUT_SESSION_ID}";

describe("the pinned API version", () => {
  let h: Harness;
  let price: string;
  beforeAll(async () => {
    h = await startHarness();
    const product = await h.stripe.products.create({ name: "T-shirt" });
    price = (await h.stripe.prices.create({ product: product.id, unit_amount: 1500, currency: "usd" })).id;
  });
  afterAll(() => h.close());

  const client = (apiVersion: string): Stripe =>
    new Stripe("sk_test_sandbox", { host: "127.0.0.1", port: h.sandbox.port, protocol: "http", maxNetworkRetries: 0, apiVersion: apiVersion as Stripe.LatestApiVersion });

  it("is the installed stripe SDK's default, answered in every response's Stripe-Version and every event", async () => {
    const health = (await (await fetch(`${h.sandbox.url}/_sandbox/health`)).json()) as { api_version: string };
    expect(health.api_version).toBe(Stripe.API_VERSION);
    const res = await fetch(`${h.sandbox.url}/v1/products`, { headers: { Authorization: "Bearer sk_test_x", "Stripe-Version": Stripe.API_VERSION } });
    expect(res.headers.get("stripe-version")).toBe(Stripe.API_VERSION);
    const [event] = (await h.stripe.events.list({ limit: 1 })).data;
    expect(event?.api_version).toBe(Stripe.API_VERSION);
  });

  it("refuses a client pinned to another release, naming the version it speaks", async () => {
    const old = client("2026-02-25.clover");
    await expect(old.products.list()).rejects.toMatchObject({
      type: "StripeInvalidRequestError",
      statusCode: 400,
      message: expect.stringContaining(`speaks API version ${Stripe.API_VERSION} only`) as unknown,
    });
  });

  it("serves an earlier version of the same release, and refuses a name that is no version", async () => {
    const train = Stripe.API_VERSION.split(".")[1] ?? "";
    await expect(client(`2026-01-01.${train}`).products.list()).resolves.toMatchObject({ object: "list" });
    await expect(client("yesterday").products.list()).rejects.toMatchObject({ statusCode: 400, message: "Invalid Stripe API version: yesterday" });
  });

  it("refuses a webhook endpoint rendered in another release", async () => {
    await expect(h.stripe.webhookEndpoints.create({ url: "https://shop.example/hook", enabled_events: ["*"], api_version: "2025-03-31.basil" })).rejects.toMatchObject({
      statusCode: 400,
      param: "api_version",
    });
  });

  it("creates hosted_page sessions by default, with a url and no client_secret", async () => {
    const session = await h.stripe.checkout.sessions.create({ mode: "payment", line_items: [{ price, quantity: 1 }], success_url: "https://shop.example/ok" });
    expect(session).toMatchObject({ ui_mode: "hosted_page", client_secret: null, url: expect.stringContaining(`/c/pay/${session.id}`) as unknown });
    expect(session).not.toHaveProperty("return_url");
  });

  it.each(["hosted", "embedded", "custom"])("refuses the pre-dahlia ui_mode %s with Stripe's invalid_request_error", async (old) => {
    const create = h.stripe.checkout.sessions.create({ mode: "payment", line_items: [{ price, quantity: 1 }], success_url: "https://shop.example/ok", ui_mode: old as "hosted_page" });
    await expect(create).rejects.toMatchObject({
      type: "StripeInvalidRequestError",
      param: "ui_mode",
      message: "Invalid ui_mode: must be one of elements, embedded_page, form, or hosted_page",
    });
  });

  it("gives an embedded_page session a client_secret, its return_url and no url", async () => {
    const session = await h.stripe.checkout.sessions.create({ mode: "payment", ui_mode: "embedded_page", line_items: [{ price, quantity: 1 }], return_url: EMBEDDED_RETURN });
    expect(session).toMatchObject({
      ui_mode: "embedded_page",
      url: null,
      success_url: null,
      cancel_url: null,
      return_url: EMBEDDED_RETURN,
      redirect_on_completion: "always",
      total_details: { amount_discount: 0, amount_shipping: 0, amount_tax: 0 },
    });
    expect(session.client_secret).toMatch(new RegExp(`^${session.id}_secret_[A-Za-z0-9]+$`));
    expect(missingFixtureKeys("checkout.session", session)).toEqual([]);
    expect(await fetch(`${h.sandbox.url}/c/pay/${session.id}`).then((r) => r.status)).toBe(404);
  });

  it("requires return_url for embedded_page and elements, and refuses success_url and cancel_url there", async () => {
    for (const ui_mode of ["embedded_page", "elements"] as const) {
      await expect(h.stripe.checkout.sessions.create({ mode: "payment", ui_mode, line_items: [{ price, quantity: 1 }] })).rejects.toMatchObject({
        code: "parameter_missing",
        param: "return_url",
        message: "Missing required param: return_url.",
      });
      const withHostedUrls = h.stripe.checkout.sessions.create({
        mode: "payment",
        ui_mode,
        line_items: [{ price, quantity: 1 }],
        return_url: EMBEDDED_RETURN,
        success_url: "https://shop.example/ok",
        cancel_url: "https://shop.example/cart",
      });
      await expect(withHostedUrls).rejects.toMatchObject({ param: "cancel_url", message: `The following parameters are not supported with 'ui_mode: ${ui_mode}': cancel_url, success_url.` });
    }
  });

  it("needs no return_url when an embedded page never redirects, and refuses one then", async () => {
    const base = { mode: "payment" as const, ui_mode: "embedded_page" as const, line_items: [{ price, quantity: 1 }], redirect_on_completion: "never" as const };
    await expect(h.stripe.checkout.sessions.create(base)).resolves.toMatchObject({ redirect_on_completion: "never", return_url: null });
    await expect(h.stripe.checkout.sessions.create({ ...base, return_url: EMBEDDED_RETURN })).rejects.toMatchObject({ param: "return_url" });
  });

  it("refuses return_url on a hosted page", async () => {
    const create = h.stripe.checkout.sessions.create({ mode: "payment", line_items: [{ price, quantity: 1 }], success_url: "https://shop.example/ok", return_url: EMBEDDED_RETURN });
    await expect(create).rejects.toMatchObject({ param: "return_url", message: "The following parameters are not supported with 'ui_mode: hosted_page': return_url." });
  });
});
