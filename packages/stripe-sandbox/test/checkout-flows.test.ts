import type Stripe from "stripe";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { control, inEmissionOrder, openPaymentSession, openSubscriptionSession, startHarness, type Harness } from "./helpers";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());
beforeEach(async () => {
  await h.sandbox.idle();
  await control(h.sandbox, "/_sandbox/reset", {});
  h.receiver.received.length = 0;
});

type PayReply = { status: string; error?: { code: string; decline_code?: string; message: string }; next_action_url?: string; payment_intent: Stripe.PaymentIntent; redirect_url?: string };

async function pay(sessionId: string, body: Record<string, unknown>) {
  return control<PayReply>(h.sandbox, `/_sandbox/checkout/sessions/${sessionId}/pay`, body);
}

async function eventsAfter(fn: () => Promise<unknown>): Promise<string[]> {
  await h.sandbox.idle();
  const start = h.receiver.received.length;
  await fn();
  await h.sandbox.idle();
  return inEmissionOrder(h.sandbox, h.receiver.received.slice(start));
}

function payload<T>(type: string): T {
  const found = h.receiver.received.map((r) => JSON.parse(r.body) as { type: string; data: { object: T } }).filter((e) => e.type === type);
  const last = found.at(-1);
  if (!last) throw new Error(`no ${type} delivered`);
  return last.data.object;
}

describe("card payment in payment mode", () => {
  it("emits payment_intent.created, charge.succeeded, payment_intent.succeeded, charge.updated, checkout.session.completed", async () => {
    const session = await openPaymentSession(h.stripe, { payment_intent_data: { metadata: { order: "o1" } } });
    const types = await eventsAfter(() => pay(session.id, { card: "4242424242424242" }));
    expect(types).toEqual(["payment_intent.created", "charge.succeeded", "payment_intent.succeeded", "charge.updated", "checkout.session.completed"]);
    const completed = payload<Stripe.Checkout.Session>("checkout.session.completed");
    expect(completed).toMatchObject({ id: session.id, status: "complete", payment_status: "paid", url: null, customer_details: { email: "stripe@example.com" } });
    const pi = await h.stripe.paymentIntents.retrieve(String(completed.payment_intent));
    expect(pi).toMatchObject({ status: "succeeded", amount: 3000, amount_received: 3000, metadata: { order: "o1" } });
  });

  it("adds customer.created when customer_creation is always", async () => {
    const session = await openPaymentSession(h.stripe, { customer_creation: "always" });
    const types = await eventsAfter(() => pay(session.id, { card: "4242424242424242", email: "buyer@example.com" }));
    expect(types[0]).toBe("customer.created");
    const done = await h.stripe.checkout.sessions.retrieve(session.id, { expand: ["customer"] });
    expect((done.customer as Stripe.Customer).email).toBe("buyer@example.com");
  });

  it("event payloads are snapshots taken when the event happened", async () => {
    const session = await openPaymentSession(h.stripe);
    await eventsAfter(() => pay(session.id, { card: "4242424242424242" }));
    const created = payload<Stripe.PaymentIntent>("payment_intent.created");
    expect(created.status).toBe("requires_payment_method");
    expect(payload<Stripe.PaymentIntent>("payment_intent.succeeded").status).toBe("succeeded");
  });
});

describe("declines keep the session open for a retry", () => {
  const cases: [card: string, code: string, declineCode: string | undefined, message: string][] = [
    ["4000000000000002", "card_declined", "generic_decline", "Your card was declined."],
    ["4000000000009995", "card_declined", "insufficient_funds", "Your card has insufficient funds."],
    ["4000000000009987", "card_declined", "lost_card", "Your card was declined."],
    ["4000000000009979", "card_declined", "stolen_card", "Your card was declined."],
    ["4000000000000069", "expired_card", undefined, "Your card has expired."],
    ["4000000000000127", "incorrect_cvc", undefined, "Your card's security code is incorrect."],
    ["4000000000000119", "processing_error", undefined, "An error occurred while processing your card. Try again in a little bit."],
    ["4100000000000019", "card_declined", "fraudulent", "Your card was declined."],
    ["4000000000000341", "card_declined", "generic_decline", "Your card was declined."],
  ];

  it.each(cases)("card %s declines with %s/%s", async (card, code, declineCode, message) => {
    const session = await openPaymentSession(h.stripe);
    let reply: Awaited<ReturnType<typeof pay>> | undefined;
    const types = await eventsAfter(async () => {
      reply = await pay(session.id, { card });
    });
    expect(reply?.status).toBe(402);
    expect(reply?.json.error).toMatchObject({ code, message, ...(declineCode ? { decline_code: declineCode } : {}) });
    if (!declineCode) expect(reply?.json.error?.decline_code).toBeUndefined();
    expect(types).toEqual(["payment_intent.created", "charge.failed", "payment_intent.payment_failed"]);
    const pi = await h.stripe.paymentIntents.retrieve(reply?.json.payment_intent.id ?? "");
    expect(pi.status).toBe("requires_payment_method");
    expect(pi.last_payment_error).toMatchObject({ type: "card_error", code });
    const still = await h.stripe.checkout.sessions.retrieve(session.id);
    expect(still).toMatchObject({ status: "open", payment_intent: pi.id });

    const retry = await eventsAfter(() => pay(session.id, { card: "4242424242424242" }));
    expect(retry).toContain("checkout.session.completed");
    expect(retry).not.toContain("payment_intent.created");
  });

  const inputErrors: [label: string, body: Record<string, unknown>, code: string, message: string][] = [
    ["a Luhn-invalid number", { card: "4242424242424241" }, "incorrect_number", "Your card number is incorrect."],
    ["expiry month 13", { card: "4242424242424242", exp: "13/30" }, "invalid_expiry_month", "Your card's expiration month is invalid."],
    ["a past expiry year", { card: "4242424242424242", exp: "12/20" }, "invalid_expiry_year", "Your card's expiration year is invalid."],
    ["a two-digit CVC", { card: "4242424242424242", cvc: "12" }, "invalid_cvc", "Your card's security code is invalid."],
  ];

  it.each(inputErrors)("%s is refused before any PaymentIntent exists", async (_label, body, code, message) => {
    const session = await openPaymentSession(h.stripe);
    let reply: Awaited<ReturnType<typeof pay>> | undefined;
    const types = await eventsAfter(async () => {
      reply = await pay(session.id, body);
    });
    expect(reply?.json.error).toMatchObject({ code, message });
    expect(types).toEqual([]);
    expect((await h.stripe.checkout.sessions.retrieve(session.id)).payment_intent).toBeNull();
  });
});

describe("3-D Secure", () => {
  it.each(["4000002500003155", "4000000000003220"])("card %s completes after the challenge is completed", async (card) => {
    const session = await openPaymentSession(h.stripe);
    const first = await pay(session.id, { card });
    expect(first.json).toMatchObject({ status: "requires_action", next_action_url: expect.stringContaining("/c/3ds/pi_") });
    const types = await eventsAfter(() => control(h.sandbox, `/_sandbox/payment_intents/${first.json.payment_intent.id}/authenticate`, { outcome: "complete" }));
    expect(types).toContain("checkout.session.completed");
    expect((await h.stripe.checkout.sessions.retrieve(session.id)).payment_status).toBe("paid");
  });

  it("a failed challenge is payment_intent_authentication_failure and leaves the session open", async () => {
    const session = await openPaymentSession(h.stripe);
    const first = await pay(session.id, { card: "4000002500003155" });
    const reply = await control<PayReply>(h.sandbox, `/_sandbox/payment_intents/${first.json.payment_intent.id}/authenticate`, { outcome: "fail" });
    // A refused payment, answered as a declined card is.
    expect(reply.status).toBe(402);
    expect(reply.json.error?.code).toBe("payment_intent_authentication_failure");
    const pi = await h.stripe.paymentIntents.retrieve(first.json.payment_intent.id);
    expect(pi).toMatchObject({ status: "requires_payment_method", last_payment_error: { code: "payment_intent_authentication_failure" } });
    expect((await h.stripe.checkout.sessions.retrieve(session.id)).status).toBe("open");
  });

  it("4000008260003178 authenticates, then declines for insufficient funds", async () => {
    const session = await openPaymentSession(h.stripe);
    const first = await pay(session.id, { card: "4000008260003178" });
    const reply = await control<PayReply>(h.sandbox, `/_sandbox/payment_intents/${first.json.payment_intent.id}/authenticate`, { outcome: "complete" });
    expect(reply.json.error).toMatchObject({ code: "card_declined", decline_code: "insufficient_funds" });
  });
});

describe("async bank debit", () => {
  it("completes unpaid, then settles as succeeded with async_payment_succeeded", async () => {
    const session = await openPaymentSession(h.stripe);
    const types = await eventsAfter(() => pay(session.id, { method: "async_bank_debit" }));
    expect(types).toContain("checkout.session.completed");
    expect(payload<Stripe.Checkout.Session>("checkout.session.completed").payment_status).toBe("unpaid");
    const pending = await h.stripe.checkout.sessions.retrieve(session.id, { expand: ["payment_intent"] });
    expect((pending.payment_intent as Stripe.PaymentIntent).status).toBe("processing");

    const settled = await eventsAfter(() => control(h.sandbox, `/_sandbox/payment_intents/${(pending.payment_intent as Stripe.PaymentIntent).id}/settle`, { outcome: "succeeded" }));
    expect(settled).toEqual(["payment_intent.succeeded", "charge.succeeded", "checkout.session.async_payment_succeeded"]);
    expect((await h.stripe.checkout.sessions.retrieve(session.id)).payment_status).toBe("paid");
  });

  it("settling as failed fires payment_failed, charge.failed and async_payment_failed", async () => {
    const session = await openPaymentSession(h.stripe);
    await pay(session.id, { method: "async_bank_debit" });
    const pi = String((await h.stripe.checkout.sessions.retrieve(session.id)).payment_intent);
    const settled = await eventsAfter(() => control(h.sandbox, `/_sandbox/payment_intents/${pi}/settle`, { outcome: "failed" }));
    expect(settled).toEqual(["charge.failed", "payment_intent.payment_failed", "checkout.session.async_payment_failed"]);
    expect((await h.stripe.checkout.sessions.retrieve(session.id)).payment_status).toBe("unpaid");
  });
});

describe("expiry", () => {
  it("the expire endpoint nulls the url and fires checkout.session.expired; a second expire is an error", async () => {
    const session = await openPaymentSession(h.stripe);
    const types = await eventsAfter(() => h.stripe.checkout.sessions.expire(session.id));
    expect(types).toEqual(["checkout.session.expired"]);
    expect(await h.stripe.checkout.sessions.retrieve(session.id)).toMatchObject({ status: "expired", url: null });
    await expect(h.stripe.checkout.sessions.expire(session.id)).rejects.toThrow(/status of "expired"/);
  });

  it("a session expires by itself once expires_at passes", async () => {
    const session = await openPaymentSession(h.stripe, { expires_at: Math.floor(Date.now() / 1000) + 1800 });
    const types = await eventsAfter(() => control(h.sandbox, "/_sandbox/clock/advance", { seconds: 1801 }));
    expect(types).toEqual(["checkout.session.expired"]);
    expect((await h.stripe.checkout.sessions.retrieve(session.id)).status).toBe("expired");
  });
});

describe("subscription checkout", () => {
  it("creates an active subscription with period dates on its items and a paid invoice", async () => {
    const session = await openSubscriptionSession(h.stripe, { subscription_data: { metadata: { plan: "pro" } } });
    const types = await eventsAfter(() => pay(session.id, { card: "4242424242424242", email: "sub@example.com" }));
    for (const t of ["customer.created", "customer.subscription.created", "invoice.created", "invoice.finalized", "invoice.paid", "invoice.payment_succeeded", "payment_intent.succeeded", "charge.succeeded", "checkout.session.completed"]) {
      expect(types).toContain(t);
    }
    const done = await h.stripe.checkout.sessions.retrieve(session.id, { expand: ["subscription", "invoice"] });
    expect(done).toMatchObject({ status: "complete", payment_status: "paid", payment_intent: null });
    const sub = done.subscription as Stripe.Subscription;
    expect(sub).toMatchObject({ status: "active", metadata: { plan: "pro" }, customer: done.customer });
    const item = sub.items.data[0];
    expect(item?.current_period_start).toBeGreaterThan(0);
    expect(item?.current_period_end).toBeGreaterThan(item?.current_period_start ?? 0);
    expect(done.invoice as Stripe.Invoice).toMatchObject({ status: "paid", amount_paid: 900 });
  });

  it("cancel_at_period_end fires customer.subscription.updated and DELETE fires customer.subscription.deleted", async () => {
    const session = await openSubscriptionSession(h.stripe);
    await pay(session.id, { card: "4242424242424242" });
    const subId = String((await h.stripe.checkout.sessions.retrieve(session.id)).subscription);
    const updated = await eventsAfter(() => h.stripe.subscriptions.update(subId, { cancel_at_period_end: true }));
    expect(updated).toEqual(["customer.subscription.updated"]);
    const event = JSON.parse(h.receiver.received.at(-1)?.body ?? "{}") as Stripe.Event;
    expect(event.data.previous_attributes).toMatchObject({ cancel_at_period_end: false });
    const deleted = await eventsAfter(() => h.stripe.subscriptions.cancel(subId));
    expect(deleted).toEqual(["customer.subscription.deleted"]);
    expect((await h.stripe.subscriptions.retrieve(subId)).status).toBe("canceled");
    expect((await h.stripe.subscriptions.list()).data.some((s) => s.id === subId)).toBe(false);
  });
});

describe("refunds", () => {
  it("partial then full refunds fire refund.created and charge.refunded and update the charge", async () => {
    const session = await openPaymentSession(h.stripe);
    await pay(session.id, { card: "4242424242424242" });
    const pi = String((await h.stripe.checkout.sessions.retrieve(session.id)).payment_intent);
    const partial = await eventsAfter(() => h.stripe.refunds.create({ payment_intent: pi, amount: 1000 }));
    expect(partial).toEqual(["refund.created", "charge.refunded"]);
    expect(payload<Stripe.Charge>("charge.refunded")).toMatchObject({ amount_refunded: 1000, refunded: false });
    await expect(h.stripe.refunds.create({ payment_intent: pi, amount: 2500 })).rejects.toMatchObject({ code: "amount_too_large" });
    await h.stripe.refunds.create({ payment_intent: pi });
    await h.sandbox.idle();
    expect(payload<Stripe.Charge>("charge.refunded")).toMatchObject({ amount_refunded: 3000, refunded: true });
    await expect(h.stripe.refunds.create({ payment_intent: pi })).rejects.toMatchObject({ code: "charge_already_refunded" });
    expect((await h.stripe.refunds.list({ payment_intent: pi })).data).toHaveLength(2);
  });
});
