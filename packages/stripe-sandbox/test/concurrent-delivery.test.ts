import Stripe from "stripe";
import { afterEach, describe, expect, it } from "vitest";
import { startSandbox, type Sandbox, type SandboxOptions } from "../src/server";
import { control, openPaymentSession, startGate, WEBHOOK_SECRET, type Gate } from "./helpers";

const PAYMENT_EVENTS = ["charge.succeeded", "charge.updated", "checkout.session.completed", "payment_intent.created", "payment_intent.succeeded"];

type Setup = { sandbox: Sandbox; stripe: Stripe; gate: Gate };

let current: Setup | undefined;
afterEach(async () => {
  current?.gate.releaseAll();
  await current?.sandbox.close();
  await current?.gate.close();
  current = undefined;
});

async function setup(options: SandboxOptions = {}): Promise<Setup> {
  const gate = await startGate();
  const sandbox = await startSandbox({ port: 0, webhookEndpoints: [{ url: gate.url, secret: WEBHOOK_SECRET }], delivery: { retryBaseMs: 5, timeoutMs: 5000 }, ...options });
  gate.hold = (event) => PAYMENT_EVENTS.includes(event.type);
  const stripe = new Stripe("sk_test_concurrency", { host: "127.0.0.1", port: sandbox.port, protocol: "http", maxNetworkRetries: 0 });
  current = { sandbox, stripe, gate };
  return current;
}

async function pay(s: Setup): Promise<void> {
  const session = await openPaymentSession(s.stripe);
  await s.sandbox.idle();
  s.gate.answered.length = 0;
  await control(s.sandbox, `/_sandbox/checkout/sessions/${session.id}/pay`, { card: "4242424242424242" });
}

describe("concurrent, unordered webhook delivery", () => {
  it("sends every event of one action to an endpoint at once, without waiting for earlier answers", async () => {
    const s = await setup();
    await pay(s);
    await s.gate.until(() => s.gate.held.length === PAYMENT_EVENTS.length);
    expect(s.gate.answered).toEqual([]);
    expect(s.gate.held.map((e) => e.type).sort()).toEqual(PAYMENT_EVENTS);
    s.gate.releaseAll();
    await s.sandbox.idle();
    expect(s.sandbox.deliveries().filter((a) => a.ok && PAYMENT_EVENTS.includes(a.type))).toHaveLength(PAYMENT_EVENTS.length);
  });

  it("finishes a later event's delivery while an earlier event's is still held", async () => {
    const s = await setup();
    s.gate.hold = (event) => event.type === "payment_intent.created";
    await pay(s);
    await s.gate.until(() => s.gate.held.length === 1 && s.gate.answered.length === PAYMENT_EVENTS.length - 1);
    expect(s.gate.answered.map((e) => e.type)).toContain("checkout.session.completed");
    expect(s.gate.held.map((e) => e.type)).toEqual(["payment_intent.created"]);
    s.gate.releaseAll();
    await s.sandbox.idle();
  });

  it("starts one action's events in an order that varies from action to action, even without shuffle", async () => {
    const s = await setup();
    const orders = new Set<string>();
    for (let round = 0; round < 10; round++) {
      s.gate.arrivals.length = 0;
      await pay(s);
      await s.gate.until(() => s.gate.held.length === PAYMENT_EVENTS.length);
      orders.add(s.gate.held.map((e) => e.type).join(","));
      s.gate.releaseAll();
      await s.sandbox.idle();
    }
    expect(orders.size).toBeGreaterThan(1);
  });

  it("keeps no more deliveries open to one endpoint than the concurrency setting allows", async () => {
    const s = await setup({ delivery: { concurrency: 2, retryBaseMs: 5 } });
    await pay(s);
    await s.gate.until(() => s.gate.held.length === 2);
    for (let answered = 0; answered < PAYMENT_EVENTS.length; answered++) {
      await s.gate.until(() => s.gate.held.length > 0);
      s.gate.held.shift()?.answer(200);
    }
    await s.sandbox.idle();
    expect(s.gate.arrivals.filter((e) => PAYMENT_EVENTS.includes(e.type))).toHaveLength(PAYMENT_EVENTS.length);
    expect(s.gate.maxOpen).toBe(2);
  });

  it("lets the two copies of a duplicated event overlap instead of arriving back to back", async () => {
    const s = await setup({ chaos: { duplicate: true } });
    s.gate.hold = () => true;
    const customer = await s.stripe.customers.create({ email: "twice@example.com" });
    await s.gate.until(() => s.gate.held.length === 2);
    const [first, second] = s.gate.held;
    expect(first?.id).toBe(second?.id);
    expect(first?.type).toBe("customer.created");
    expect(s.gate.answered).toEqual([]);
    s.gate.releaseAll();
    await s.sandbox.idle();
    expect((await s.stripe.events.retrieve(first?.id ?? "")).pending_webhooks).toBe(0);
    expect(customer.email).toBe("twice@example.com");
  });

  it("still resolves idle() only after every held delivery and its retries are done", async () => {
    const s = await setup({ delivery: { retryBaseMs: 5, maxAttempts: 2 } });
    s.gate.hold = (_event, index) => index === 0;
    s.gate.status = () => 500;
    await s.stripe.customers.create({ email: "idle@example.com" });
    await s.gate.until(() => s.gate.held.length === 1);
    let idle = false;
    const waiting = s.sandbox.idle().then(() => {
      idle = true;
    });
    await control(s.sandbox, "/_sandbox/health");
    expect(idle).toBe(false);
    s.gate.releaseAll(500);
    await waiting;
    expect(s.sandbox.deliveries().map((a) => [a.attempt, a.status, a.willRetry])).toEqual([
      [1, 500, true],
      [2, 500, false],
    ]);
  });
});
