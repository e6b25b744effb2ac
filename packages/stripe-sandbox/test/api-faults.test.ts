import Stripe from "stripe";
import { afterEach, describe, expect, it } from "vitest";
import { control, openPaymentSession, startHarness, type Harness } from "./helpers";

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe("API fault switches", () => {
  it("apiOutage answers every /v1 request with Stripe's 500 api_error, which the SDK raises as StripeAPIError", async () => {
    h = await startHarness();
    expect((await control(h.sandbox, "/_sandbox/config", { apiOutage: true })).json).toMatchObject({ apiOutage: true, apiDelayMs: 0 });
    const error: unknown = await h.stripe.customers.create({ email: "outage@example.com" }).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(Stripe.errors.StripeAPIError);
    expect(error).toMatchObject({ statusCode: 500, type: "StripeAPIError", raw: { type: "api_error" } });
    expect((await h.stripe.customers.list().catch((err: unknown) => err)) instanceof Stripe.errors.StripeAPIError).toBe(true);
  });

  it("keeps the controls and hosted pages working during an outage", async () => {
    h = await startHarness();
    const session = await openPaymentSession(h.stripe);
    await control(h.sandbox, "/_sandbox/config", { apiOutage: "true" });
    expect((await control(h.sandbox, "/_sandbox/health")).status).toBe(200);
    expect((await fetch(`${h.sandbox.url}/c/pay/${session.id}`)).status).toBe(200);
    expect((await control<{ status: string }>(h.sandbox, `/_sandbox/checkout/sessions/${session.id}/pay`, {})).json.status).toBe("complete");
    await h.sandbox.idle();
    expect(h.receiver.received.length).toBeGreaterThan(0);
  });

  it("stores nothing under an Idempotency-Key during an outage, so the same key runs afresh afterwards", async () => {
    h = await startHarness();
    await control(h.sandbox, "/_sandbox/config", { apiOutage: true });
    await expect(h.stripe.customers.create({ email: "key@example.com" }, { idempotencyKey: "outage-key" })).rejects.toThrow(Stripe.errors.StripeAPIError);
    await control(h.sandbox, "/_sandbox/config", { apiOutage: false });
    const customer = await h.stripe.customers.create({ email: "key@example.com" }, { idempotencyKey: "outage-key" });
    expect(customer.email).toBe("key@example.com");
  });

  it("apiDelayMs holds /v1 answers back while controls answer at once", async () => {
    h = await startHarness();
    await control(h.sandbox, "/_sandbox/config", { apiDelayMs: 1500 });
    const started = Date.now();
    let answered = false;
    const request = h.stripe.customers.create({ email: "slow-api@example.com" }).then((customer) => {
      answered = true;
      return customer;
    });
    expect((await control(h.sandbox, "/_sandbox/health")).status).toBe(200);
    expect(answered).toBe(false);
    expect((await request).email).toBe("slow-api@example.com");
    expect(Date.now() - started).toBeGreaterThanOrEqual(1490);
  });

  it("rejects a non-boolean apiOutage and a negative apiDelayMs", async () => {
    h = await startHarness();
    expect((await control(h.sandbox, "/_sandbox/config", { apiOutage: "maybe" })).status).toBe(400);
    expect((await control(h.sandbox, "/_sandbox/config", { apiDelayMs: -1 })).status).toBe(400);
    expect((await control(h.sandbox, "/_sandbox/config")).json).toMatchObject({ apiOutage: false, apiDelayMs: 0 });
  });
});
