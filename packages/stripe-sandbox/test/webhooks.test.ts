import Stripe from "stripe";
import { afterEach, describe, expect, it } from "vitest";
import { control, eventTypes, openPaymentSession, startHarness, WEBHOOK_SECRET, type Harness } from "./helpers";
import type { DeliveryAttempt } from "../src/webhooks/attempt";

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const verifier = new Stripe("sk_test_verifier");

function timestampOf(header: unknown): number {
  return Number(/t=(\d+)/.exec(String(header))?.[1]);
}

describe("webhook delivery", () => {
  it("signs each delivery so the unmodified SDK's constructEvent verifies it with the endpoint secret", async () => {
    h = await startHarness();
    await h.stripe.customers.create({ email: "hook@example.com" });
    await h.sandbox.idle();
    const [delivery] = h.receiver.received;
    expect(delivery?.headers["content-type"]).toBe("application/json; charset=utf-8");
    expect(delivery?.headers["user-agent"]).toBe("Stripe/1.0 (+https://stripe.com/docs/webhooks)");
    expect(String(delivery?.headers["stripe-signature"])).toMatch(/^t=\d+,v1=[0-9a-f]{64},v0=[0-9a-f]{64}$/);
    const event = verifier.webhooks.constructEvent(delivery?.body ?? "", String(delivery?.headers["stripe-signature"]), WEBHOOK_SECRET);
    expect(event).toMatchObject({ object: "event", type: "customer.created", livemode: false, api_version: "2026-10-28.endive", pending_webhooks: 1 });
    expect(event.request?.id).toMatch(/^req_/);
    expect(() => verifier.webhooks.constructEvent(delivery?.body ?? "", String(delivery?.headers["stripe-signature"]), "whsec_wrong")).toThrow(Stripe.errors.StripeSignatureVerificationError);
    const stored = await h.stripe.events.retrieve(event.id);
    expect(stored.pending_webhooks).toBe(0);
  });

  it("retries after a 500 with backoff and a fresh signature timestamp, then stops on 2xx", async () => {
    h = await startHarness({ delivery: { retryBaseMs: 1100, maxAttempts: 4, timeoutMs: 2000 } });
    const receiver = h.receiver;
    receiver.respond = (i) => (i === 0 ? 500 : 200);
    await h.stripe.customers.create({ email: "retry@example.com" });
    await h.sandbox.idle();
    expect(receiver.received).toHaveLength(2);
    const [first, second] = receiver.received;
    expect(first?.body).toBe(second?.body);
    expect(timestampOf(second?.headers["stripe-signature"])).toBeGreaterThan(timestampOf(first?.headers["stripe-signature"]));
    expect((second?.at ?? 0) - (first?.at ?? 0)).toBeGreaterThanOrEqual(1000);
    verifier.webhooks.constructEvent(second?.body ?? "", String(second?.headers["stripe-signature"]), WEBHOOK_SECRET);
    const log = (await control<{ data: DeliveryAttempt[] }>(h.sandbox, "/_sandbox/deliveries")).json.data;
    expect(log.map((a) => [a.attempt, a.status, a.ok])).toEqual([
      [1, 500, false],
      [2, 200, true],
    ]);
    expect(log[0]).toMatchObject({ type: "customer.created", url: receiver.url, willRetry: true });
  });

  it("treats a redirect as a failure and gives up after maxAttempts", async () => {
    h = await startHarness({ delivery: { retryBaseMs: 5, maxAttempts: 3, timeoutMs: 2000 } });
    h.receiver.respond = () => 302;
    await h.stripe.customers.create({ email: "redirect@example.com" });
    await h.sandbox.idle();
    expect(h.receiver.received).toHaveLength(3);
    expect(h.sandbox.deliveries().every((a) => !a.ok)).toBe(true);
  });

  it("duplicate delivers every event twice with the same event id", async () => {
    h = await startHarness({ chaos: { duplicate: true } });
    await h.stripe.customers.create({ email: "dup@example.com" });
    await h.sandbox.idle();
    const ids = h.receiver.received.map((r) => (JSON.parse(r.body) as { id: string }).id);
    expect(ids).toHaveLength(2);
    expect(ids[0]).toBe(ids[1]);
  });

  it("failFirst makes the first attempts fail inside the sandbox so the retry delivers", async () => {
    h = await startHarness();
    await control(h.sandbox, "/_sandbox/config", { failFirst: 2 });
    expect((await control(h.sandbox, "/_sandbox/config")).json).toMatchObject({ failFirst: 2, duplicate: false });
    await h.stripe.customers.create({ email: "flaky@example.com" });
    await h.sandbox.idle();
    expect(h.receiver.received).toHaveLength(1);
    expect(h.sandbox.deliveries().map((a) => [a.attempt, a.status])).toEqual([
      [1, null],
      [2, null],
      [3, 200],
    ]);
  });

  it("shuffle changes the order of the events one action produces", async () => {
    h = await startHarness({ chaos: { shuffle: true } });
    const orders = new Set<string>();
    for (let i = 0; i < 4; i++) {
      const session = await openPaymentSession(h.stripe);
      await h.sandbox.idle();
      h.receiver.received.length = 0;
      await control(h.sandbox, `/_sandbox/checkout/sessions/${session.id}/pay`, { card: "4242424242424242" });
      await h.sandbox.idle();
      const types = eventTypes(h.receiver);
      expect([...types].sort()).toEqual(["charge.succeeded", "charge.updated", "checkout.session.completed", "payment_intent.created", "payment_intent.succeeded"]);
      orders.add(types.join(","));
    }
    expect(orders.size).toBeGreaterThan(1);
  });

  it("delayMs holds deliveries back", async () => {
    h = await startHarness({ chaos: { delayMs: 300 } });
    const started = Date.now();
    await h.stripe.customers.create({ email: "slow@example.com" });
    await h.sandbox.idle();
    expect((h.receiver.received[0]?.at ?? 0) - started).toBeGreaterThanOrEqual(280);
  });

  it("webhook endpoints created through the API get their own whsec secret and their enabled events only", async () => {
    h = await startHarness({ webhookEndpoints: [] });
    const endpoint = await h.stripe.webhookEndpoints.create({ url: h.receiver.url, enabled_events: ["customer.updated"] });
    expect(endpoint.secret).toMatch(/^whsec_/);
    const customer = await h.stripe.customers.create({ email: "api@example.com" });
    await h.stripe.customers.update(customer.id, { name: "Ada" });
    await h.sandbox.idle();
    expect(eventTypes(h.receiver)).toEqual(["customer.updated"]);
    const [delivery] = h.receiver.received;
    const event = verifier.webhooks.constructEvent(delivery?.body ?? "", String(delivery?.headers["stripe-signature"]), endpoint.secret ?? "");
    expect(event.data.previous_attributes).toEqual({ name: null });
    expect((await h.stripe.webhookEndpoints.list()).data.map((e) => e.id)).toEqual([endpoint.id]);
    expect(await h.stripe.webhookEndpoints.del(endpoint.id)).toMatchObject({ deleted: true });
  });

  it("a listener registered with events forwards only those, like stripe listen --events, and refuses an empty list", async () => {
    h = await startHarness({ webhookEndpoints: [] });
    const refused = await control(h.sandbox, "/_sandbox/listeners", { url: h.receiver.url, events: [] });
    expect(refused.status).toBe(400);
    const listener = await control(h.sandbox, "/_sandbox/listeners", { url: h.receiver.url, events: ["customer.updated"] });
    expect(listener.status).toBe(200);
    const customer = await h.stripe.customers.create({ email: "listen@example.com" });
    await h.stripe.customers.update(customer.id, { name: "Ada" });
    await h.sandbox.idle();
    expect(eventTypes(h.receiver)).toEqual(["customer.updated"]);
  });
});
