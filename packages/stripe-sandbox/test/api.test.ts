import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openPaymentSession, startHarness, type Harness } from "./helpers";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

async function raw(path: string, init: { method?: string; body?: string; key?: string | null; idempotencyKey?: string } = {}) {
  const headers: Record<string, string> = { "Content-Type": "application/x-www-form-urlencoded" };
  if (init.key !== null) headers["Authorization"] = `Bearer ${init.key ?? "sk_test_sandbox"}`;
  if (init.idempotencyKey) headers["Idempotency-Key"] = init.idempotencyKey;
  const res = await fetch(`${h.sandbox.url}${path}`, { method: init.method ?? "GET", headers, ...(init.body !== undefined ? { body: init.body } : {}) });
  return { status: res.status, text: await res.text(), headers: res.headers };
}

describe("Stripe-style API surface", () => {
  it("decodes stripe-node's nested form encoding into line items, metadata and sub-objects", async () => {
    const session = await openPaymentSession(h.stripe, {
      metadata: { order_id: "ord_1", note: "a=b&c" },
      client_reference_id: "user_42",
      payment_intent_data: { metadata: { order_id: "ord_1" } },
    });
    expect(session.metadata).toEqual({ order_id: "ord_1", note: "a=b&c" });
    expect(session.client_reference_id).toBe("user_42");
    expect(session.amount_total).toBe(3000);
    const items = await h.stripe.checkout.sessions.listLineItems(session.id);
    expect(items.data[0]).toMatchObject({ object: "item", quantity: 2, amount_total: 3000, description: "T-shirt" });
  });

  it("gives ids Stripe's prefixes and a 66-character checkout session id", async () => {
    const session = await openPaymentSession(h.stripe);
    expect(session.id).toMatch(/^cs_test_[A-Za-z0-9]{58}$/);
    expect((await h.stripe.products.create({ name: "x" })).id).toMatch(/^prod_/);
    expect((await h.stripe.customers.create({ email: "x@example.com" })).id).toMatch(/^cus_/);
    expect(session.url).toBe(`${h.sandbox.url}/c/pay/${session.id}`);
    expect(session.payment_intent).toBeNull();
    expect(session.expires_at - session.created).toBe(24 * 3600);
  });

  it("expands ids, virtual line_items and list members on request", async () => {
    const session = await openPaymentSession(h.stripe);
    const expanded = await h.stripe.checkout.sessions.retrieve(session.id, { expand: ["line_items.data.price.product"] });
    const product = expanded.line_items?.data[0]?.price?.product as Stripe.Product;
    expect(product.object).toBe("product");
    const prices = await h.stripe.prices.list({ expand: ["data.product"], limit: 3 });
    expect((prices.data[0]?.product as Stripe.Product).object).toBe("product");
    await expect(h.stripe.prices.list({ expand: ["data.nonsense"] })).rejects.toThrow(/cannot be expanded/);
  });

  it("paginates newest first with limit, starting_after and has_more, which auto-pagination follows", async () => {
    const created: string[] = [];
    for (let i = 0; i < 5; i++) created.push((await h.stripe.customers.create({ email: "page@example.com", name: `c${i}` })).id);
    const first = await h.stripe.customers.list({ email: "page@example.com", limit: 2 });
    expect(first).toMatchObject({ object: "list", has_more: true, url: "/v1/customers" });
    expect(first.data.map((c) => c.id)).toEqual([created[4], created[3]]);
    const second = await h.stripe.customers.list({ email: "page@example.com", limit: 2, starting_after: created[3] });
    expect(second.data.map((c) => c.id)).toEqual([created[2], created[1]]);
    const all = await h.stripe.customers.list({ email: "page@example.com", limit: 2 }).autoPagingToArray({ limit: 100 });
    expect(all.map((c) => c.id)).toEqual([...created].reverse());
  });

  it("filters prices by lookup_keys and moves a lookup key with transfer_lookup_key", async () => {
    const product = await h.stripe.products.create({ name: "Plan" });
    const old = await h.stripe.prices.create({ product: product.id, currency: "usd", unit_amount: 500, lookup_key: "plan_basic" });
    await expect(h.stripe.prices.create({ product: product.id, currency: "usd", unit_amount: 600, lookup_key: "plan_basic" })).rejects.toThrow(/already uses that lookup key/);
    const moved = await h.stripe.prices.create({ product: product.id, currency: "usd", unit_amount: 600, lookup_key: "plan_basic", transfer_lookup_key: true });
    const found = await h.stripe.prices.list({ lookup_keys: ["plan_basic"] });
    expect(found.data.map((p) => p.id)).toEqual([moved.id]);
    expect((await h.stripe.prices.retrieve(old.id)).lookup_key).toBeNull();
  });

  it("replays the stored bytes for a repeated Idempotency-Key and rejects it with other params", async () => {
    const first = await raw("/v1/customers", { method: "POST", body: "email=idem%40example.com", idempotencyKey: "key-1" });
    const again = await raw("/v1/customers", { method: "POST", body: "email=idem%40example.com", idempotencyKey: "key-1" });
    expect(again.text).toBe(first.text);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    const conflict = h.stripe.customers.create({ email: "other@example.com" }, { idempotencyKey: "key-1" });
    await expect(conflict).rejects.toBeInstanceOf(Stripe.errors.StripeIdempotencyError);
    const viaSdk = await h.stripe.customers.create({ email: "idem@example.com" }, { idempotencyKey: "key-1" });
    expect(viaSdk.id).toBe((JSON.parse(first.text) as { id: string }).id);
  });

  it("answers 401 without a key or with a non-test key", async () => {
    const none = await raw("/v1/customers", { key: null });
    expect(none.status).toBe(401);
    expect(JSON.parse(none.text)).toMatchObject({ error: { type: "invalid_request_error", message: expect.stringContaining("did not provide an API key") } });
    const live = new Stripe(["sk", "live", "abc"].join("_"), { host: "127.0.0.1", port: h.sandbox.port, protocol: "http", maxNetworkRetries: 0 });
    await expect(live.customers.list()).rejects.toBeInstanceOf(Stripe.errors.StripeAuthenticationError);
  });

  it("answers 404 resource_missing with Stripe's wording", async () => {
    const err = await h.stripe.checkout.sessions.retrieve("cs_test_missing").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(err).toMatchObject({ statusCode: 404, code: "resource_missing", message: "No such checkout.session: 'cs_test_missing'" });
    const unknownUrl = await raw("/v1/nothing");
    expect(unknownUrl.status).toBe(404);
  });

  it("rejects unknown parameters the way Stripe does", async () => {
    const err = await h.stripe.customers.create({ emial: "typo@example.com" } as unknown as Stripe.CustomerCreateParams).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: "parameter_unknown", param: "emial" });
  });

  it("enforces Checkout's amount, currency, mode and URL rules", async () => {
    const product = await h.stripe.products.create({ name: "Cheap" });
    const cheap = await h.stripe.prices.create({ product: product.id, currency: "usd", unit_amount: 49 });
    const monthly = await h.stripe.prices.create({ product: product.id, currency: "usd", unit_amount: 900, recurring: { interval: "month" } });
    const base = { success_url: "https://shop.example/ok" };
    await expect(h.stripe.checkout.sessions.create({ ...base, mode: "payment", line_items: [{ price: cheap.id, quantity: 1 }] })).rejects.toMatchObject({ code: "amount_too_small", statusCode: 400 });
    await expect(h.stripe.checkout.sessions.create({ ...base, mode: "payment", line_items: [{ price: cheap.id, quantity: 3_000_000 }] })).rejects.toMatchObject({ code: "amount_too_large" });
    await expect(h.stripe.checkout.sessions.create({ ...base, mode: "payment", line_items: [{ price: monthly.id, quantity: 1 }] })).rejects.toThrow(/recurring price/);
    await expect(h.stripe.checkout.sessions.create({ ...base, mode: "subscription", line_items: [{ price: cheap.id, quantity: 20 }] })).rejects.toThrow(/at least one recurring price/);
    await expect(h.stripe.checkout.sessions.create({ mode: "payment", line_items: [{ price: cheap.id, quantity: 2 }] })).rejects.toMatchObject({ param: "success_url" });
    await expect(h.stripe.prices.create({ product: product.id, currency: "xyz", unit_amount: 100 })).rejects.toMatchObject({ type: "StripeInvalidRequestError", param: "currency" });
    const soon = Math.floor(Date.now() / 1000) + 60;
    await expect(h.stripe.checkout.sessions.create({ ...base, mode: "payment", expires_at: soon, line_items: [{ price: cheap.id, quantity: 2 }] })).rejects.toThrow(/at least 30 minutes/);
  });

  it("returns 402 card errors as StripeCardError with code and decline_code", async () => {
    const err = await h.stripe.paymentIntents.create({ amount: 2000, currency: "usd", payment_method: "pm_card_chargeDeclinedInsufficientFunds", confirm: true }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Stripe.errors.StripeCardError);
    expect(err).toMatchObject({ statusCode: 402, code: "card_declined", decline_code: "insufficient_funds", message: "Your card has insufficient funds." });
  });

  it("lists checkout sessions filtered by payment_intent and status", async () => {
    const session = await openPaymentSession(h.stripe);
    await fetch(`${h.sandbox.url}/_sandbox/checkout/sessions/${session.id}/pay`, { method: "POST", headers: { "Content-Type": "application/json" }, body: "{}" });
    const done = await h.stripe.checkout.sessions.retrieve(session.id);
    const byIntent = await h.stripe.checkout.sessions.list({ payment_intent: String(done.payment_intent) });
    expect(byIntent.data.map((s) => s.id)).toEqual([session.id]);
    const open = await h.stripe.checkout.sessions.list({ status: "open", limit: 100 });
    expect(open.data.some((s) => s.id === session.id)).toBe(false);
  });
});
