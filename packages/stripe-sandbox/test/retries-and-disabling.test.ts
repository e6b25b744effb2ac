import Stripe from "stripe";
import { afterEach, describe, expect, it, vi } from "vitest";
import { startSandbox, type Sandbox, type SandboxOptions } from "../src/server";
import type { DeliveryAttempt } from "../src/webhooks/attempt";
import { EndpointHealth } from "../src/webhooks/health";
import { retryDelayMs } from "../src/webhooks/schedule";
import { resolveDelivery } from "../src/webhooks/settings";
import { control, startGate, WEBHOOK_SECRET, type Gate } from "./helpers";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

type Setup = { sandbox: Sandbox; stripe: Stripe; gate: Gate };
type EndpointView = { id: string; source: string; status: string; failingSince: string | null };

let current: Setup | undefined;
afterEach(async () => {
  current?.gate.releaseAll();
  await current?.sandbox.close();
  await current?.gate.close();
  current = undefined;
});

async function setup(options: SandboxOptions = {}): Promise<Setup> {
  const gate = await startGate();
  gate.hold = () => false;
  const sandbox = await startSandbox({ port: 0, webhookEndpoints: [{ url: gate.url, secret: WEBHOOK_SECRET }], ...options });
  const stripe = new Stripe("sk_test_retries", { host: "127.0.0.1", port: sandbox.port, protocol: "http", maxNetworkRetries: 0 });
  current = { sandbox, stripe, gate };
  return current;
}

async function endpoints(sandbox: Sandbox): Promise<EndpointView[]> {
  return (await control<{ data: EndpointView[] }>(sandbox, "/_sandbox/webhook_endpoints")).json.data;
}

/** Makes the nth request to the endpoint (0-based) take `seconds` of sandbox time, as if it failed for that long. */
function advanceDuring(s: Setup, index: number, seconds: number): void {
  s.gate.status = (_event, i) => {
    if (i === index) s.sandbox.runtime.clock.advance(seconds);
    return 500;
  };
}

describe("retry schedule", () => {
  it("follows Stripe's live shape, 1 min, 5 min, 30 min, 2 h, 5 h, then 10 h, scaled by timeScale", () => {
    const real = Array.from({ length: 12 }, (_, i) => retryDelayMs(i + 1, 1));
    expect(real).toEqual([MINUTE, 5 * MINUTE, 30 * MINUTE, 2 * HOUR, 5 * HOUR, 10 * HOUR, 10 * HOUR, 10 * HOUR, 10 * HOUR, 10 * HOUR, 10 * HOUR, 10 * HOUR]);
    expect(Array.from({ length: 4 }, (_, i) => retryDelayMs(i + 1, 1 / 60))).toEqual([1000, 5000, 30_000, 120_000]);
  });

  it("keeps the eleven live retries inside Stripe's three days", () => {
    const total = Array.from({ length: 11 }, (_, i) => retryDelayMs(i + 1, 1)).reduce((a, b) => a + b, 0);
    expect(total).toBeLessThanOrEqual(72 * HOUR);
    expect(total + retryDelayMs(12, 1)).toBeGreaterThan(72 * HOUR);
  });

  it("reads retryBaseMs as the first retry's delay and compresses the disable window by the same factor", () => {
    expect(resolveDelivery({ retryBaseMs: 50 })).toMatchObject({ timeScale: 50 / MINUTE, disableAfterMs: 648_000, maxAttempts: 4, concurrency: 8 });
    expect(resolveDelivery()).toMatchObject({ timeScale: 1 / 60, disableAfterMs: 12_960_000, timeoutMs: 10_000 });
    expect(resolveDelivery({ timeScale: 0.001, disableAfterMs: 10 })).toMatchObject({ timeScale: 0.001, disableAfterMs: 10 });
    expect(() => resolveDelivery({ concurrency: 1.5 })).toThrow(/concurrency/);
  });

  it("schedules each retry of a failing delivery after the scaled delay and logs it as nextRetryInMs", async () => {
    const s = await setup({ delivery: { retryBaseMs: 4, maxAttempts: 5 } });
    s.gate.status = () => 500;
    await s.stripe.customers.create({ email: "backoff@example.com" });
    await s.sandbox.idle();
    expect(s.sandbox.deliveries().map((a) => [a.attempt, a.willRetry, a.nextRetryInMs])).toEqual([
      [1, true, 4],
      [2, true, 20],
      [3, true, 120],
      [4, true, 480],
      [5, false, null],
    ]);
  });

  it("lists a failing delivery as outstanding, with its next attempt and when it is due, until a retry succeeds", async () => {
    type Outstanding = { pending: number; data: { type: string; endpointId: string; attempt: number; state: string; dueInMs: number | null }[] };
    const s = await setup({ delivery: { retryBaseMs: 2_000, maxAttempts: 5 } });
    s.gate.status = () => 500;
    await s.stripe.customers.create({ email: "later@example.com" });
    const waiting = await vi.waitFor(async () => {
      const { json } = await control<Outstanding>(s.sandbox, "/_sandbox/deliveries/outstanding");
      if (json.data[0]?.state !== "scheduled") throw new Error("the first attempt has not failed yet");
      return json;
    });
    expect(waiting).toMatchObject({ pending: 1, attempts: 1 });
    expect(waiting.data).toEqual([{ eventId: expect.stringMatching(/^evt_/), type: "customer.created", endpointId: "we_static_0", attempt: 2, state: "scheduled", dueInMs: expect.any(Number) }]);
    expect(waiting.data[0]?.dueInMs).toBeLessThanOrEqual(2_000);

    s.gate.status = () => 200;
    await s.sandbox.idle();
    expect((await control<Outstanding>(s.sandbox, "/_sandbox/deliveries/outstanding")).json).toEqual({ object: "list", pending: 0, attempts: 2, data: [] });
  });
});

describe("endpoint disabling", () => {
  it("counts only an unbroken run of failures: a 2xx in between starts the run over", () => {
    const health = new EndpointHealth(1000);
    expect(health.failed("we_1", 0, 10)).toBe(false);
    health.succeeded("we_1");
    expect(health.failed("we_1", 900, 1500)).toBe(false);
    expect(health.since("we_1")).toBe(900);
    expect(health.failed("we_1", 1600, 1900)).toBe(true);
    expect(health.since("we_1")).toBeNull();
  });

  it("disables a fixed endpoint that failed for the disable window, stops its retries, and the enable control brings it back", async () => {
    const s = await setup({ delivery: { retryBaseMs: 5, maxAttempts: 10, disableAfterMs: 60_000 } });
    advanceDuring(s, 1, 61);
    const first = await s.stripe.customers.create({ email: "down@example.com" });
    await s.sandbox.idle();
    const log = s.sandbox.deliveries();
    expect(log.map((a) => [a.attempt, a.status, a.willRetry, a.disabledEndpoint])).toEqual([
      [1, 500, true, false],
      [2, 500, false, true],
    ]);
    expect(log[1]?.error).toMatch(/endpoint disabled after failing for 60000 ms/);
    expect(await endpoints(s.sandbox)).toEqual([expect.objectContaining({ id: "we_static_0", source: "static", status: "disabled", failingSince: null })]);

    const skipped = await s.stripe.customers.create({ email: "while-disabled@example.com" });
    await s.sandbox.idle();
    expect(s.gate.arrivals).toHaveLength(2);
    expect((await s.stripe.events.list({ type: "customer.created" })).data.find((e) => (e.data.object as { id: string }).id === skipped.id)?.pending_webhooks).toBe(0);

    const enabled = await control<EndpointView>(s.sandbox, "/_sandbox/webhook_endpoints/we_static_0/enable", {});
    expect(enabled.json).toMatchObject({ id: "we_static_0", status: "enabled" });
    s.gate.status = () => 200;
    await s.stripe.customers.update(first.id, { name: "Back" });
    await s.sandbox.idle();
    expect(s.gate.arrivals.map((e) => e.type)).toEqual(["customer.created", "customer.created", "customer.updated"]);
  });

  it("drops the scheduled retries of other events once their endpoint is disabled", async () => {
    const s = await setup({ delivery: { retryBaseMs: 5, maxAttempts: 10, disableAfterMs: 60_000 } });
    s.gate.hold = (_event, index) => index < 2;
    advanceDuring(s, 2, 61);
    await s.stripe.customers.create({ email: "one@example.com" });
    await s.stripe.customers.create({ email: "two@example.com" });
    await s.gate.until(() => s.gate.held.length === 2);
    s.gate.releaseAll(500);
    await s.sandbox.idle();
    const log = s.sandbox.deliveries();
    expect(log.filter((a) => a.disabledEndpoint)).toHaveLength(1);
    expect(Math.max(...log.map((a) => a.attempt))).toBe(2);
    const disabledAt = log.findIndex((a) => a.disabledEndpoint);
    expect(log.slice(disabledAt).every((a: DeliveryAttempt) => !a.willRetry)).toBe(true);
  });

  it("sets an API-created endpoint's status to disabled, and updating it with disabled=false re-enables it as on Stripe", async () => {
    const s = await setup({ webhookEndpoints: [], delivery: { retryBaseMs: 5, maxAttempts: 10, disableAfterMs: 0 } });
    s.gate.status = () => 500;
    const endpoint = await s.stripe.webhookEndpoints.create({ url: s.gate.url, enabled_events: ["customer.created"] });
    await s.stripe.customers.create({ email: "api-down@example.com" });
    await s.sandbox.idle();
    expect(s.sandbox.deliveries().map((a) => [a.endpointId, a.attempt, a.disabledEndpoint])).toEqual([[endpoint.id, 1, true]]);
    expect((await s.stripe.webhookEndpoints.retrieve(endpoint.id)).status).toBe("disabled");
    expect(await endpoints(s.sandbox)).toEqual([expect.objectContaining({ id: endpoint.id, source: "api", status: "disabled" })]);

    expect((await s.stripe.webhookEndpoints.update(endpoint.id, { disabled: false })).status).toBe("enabled");
    s.gate.status = () => 200;
    await s.stripe.customers.create({ email: "api-up@example.com" });
    await s.sandbox.idle();
    expect(s.gate.answered.map((e) => e.type)).toEqual(["customer.created", "customer.created"]);
    expect(s.sandbox.deliveries().at(-1)).toMatchObject({ ok: true, endpointId: endpoint.id });
  });

  it("answers 404 when asked to enable an endpoint it does not know", async () => {
    const s = await setup();
    expect((await control(s.sandbox, "/_sandbox/webhook_endpoints/we_nope/enable", {})).status).toBe(404);
  });
});
