import type Stripe from "stripe";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startHarness, WEBHOOK_SECRET, type Harness } from "./helpers";
import { advance, DAY, eventCount, FEB_1, HOUR, JAN_1, subscribeOnClock, switchToFailingCard, typesSince } from "./billing-helpers";

describe("subscriptions renew as their test clock advances", () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(() => h.close());

  it("puts the clock on the customer, the subscription and its invoices, and reports the clock's own events", async () => {
    const cs = await subscribeOnClock(h);
    expect(cs.customer.test_clock).toBe(cs.clock.id);
    expect(cs.subscription.test_clock).toBe(cs.clock.id);
    expect(cs.subscription.items.data[0]?.current_period_start).toBe(JAN_1);
    expect(cs.subscription.items.data[0]?.current_period_end).toBe(FEB_1);
    const invoice = await h.stripe.invoices.retrieve(String(cs.subscription.latest_invoice));
    expect(invoice.test_clock).toBe(cs.clock.id);
    const mark = eventCount(h);
    await advance(h, cs.clock.id, JAN_1 + DAY);
    expect(typesSince(h, mark)).toEqual(["test_helpers.test_clock.advancing", "test_helpers.test_clock.ready"]);
    expect((await h.stripe.testHelpers.testClocks.retrieve(cs.clock.id)).frozen_time).toBe(JAN_1 + DAY);
  });

  it("creates a draft subscription_cycle invoice at the period end and moves the items into the next period", async () => {
    const cs = await subscribeOnClock(h);
    const mark = eventCount(h);
    await advance(h, cs.clock.id, FEB_1 + 30 * 60);
    const sub = await h.stripe.subscriptions.retrieve(cs.subscription.id);
    expect(sub.items.data[0]?.current_period_start).toBe(FEB_1);
    expect(sub.items.data[0]?.current_period_end).toBe(1772323200);
    const invoice = await h.stripe.invoices.retrieve(String(sub.latest_invoice));
    expect(invoice).toMatchObject({ status: "draft", billing_reason: "subscription_cycle", amount_due: 1000, period_start: JAN_1, period_end: FEB_1 });
    expect(invoice.parent?.subscription_details?.subscription).toBe(sub.id);
    expect(invoice.lines.data[0]?.period).toEqual({ start: FEB_1, end: 1772323200 });
    expect(typesSince(h, mark)).toEqual(["test_helpers.test_clock.advancing", "invoice.created", "customer.subscription.updated", "test_helpers.test_clock.ready"]);
  });

  it("finalises and charges the renewal an hour later, with its payment on the invoice and a receipt page", async () => {
    const cs = await subscribeOnClock(h);
    await advance(h, cs.clock.id, FEB_1 + 30 * 60);
    const mark = eventCount(h);
    await advance(h, cs.clock.id, FEB_1 + 2 * HOUR);
    const sub = await h.stripe.subscriptions.retrieve(cs.subscription.id);
    expect(sub.status).toBe("active");
    const invoice = await h.stripe.invoices.retrieve(String(sub.latest_invoice), { expand: ["payments"] });
    expect(invoice).toMatchObject({ status: "paid", amount_paid: 1000, amount_remaining: 0, attempt_count: 1 });
    const types = typesSince(h, mark);
    for (const type of ["invoice.finalized", "payment_intent.created", "charge.succeeded", "payment_intent.succeeded", "invoice.paid", "invoice.payment_succeeded", "invoice_payment.paid"]) {
      expect(types).toContain(type);
    }
    const paymentIntentId = String(invoice.payments?.data[0]?.payment.payment_intent);
    const pi = await h.stripe.paymentIntents.retrieve(paymentIntentId, { expand: ["latest_charge"] });
    expect(pi).toMatchObject({ status: "succeeded", amount: 1000, customer: cs.customer.id });
    const listed = await h.stripe.invoicePayments.list({ invoice: invoice.id });
    expect(listed.data.map((p) => p.payment.payment_intent)).toEqual([paymentIntentId]);
    const receipt = await fetch(String((pi.latest_charge as Stripe.Charge).receipt_url));
    expect(receipt.status).toBe(200);
    const hosted = await (await fetch(String(invoice.hosted_invoice_url))).text();
    expect(hosted).toContain("Receipt");
    expect(hosted).toContain("1 × Pro plan");
  });

  it("delivers the renewal's events signed, so the SDK's constructEvent accepts them", async () => {
    const cs = await subscribeOnClock(h);
    await advance(h, cs.clock.id, FEB_1 + 2 * HOUR);
    await h.sandbox.idle();
    const paid = h.receiver.received.map((r) => ({ r, type: (JSON.parse(r.body) as { type: string }).type })).filter((x) => x.type === "invoice.paid");
    const last = paid.at(-1)?.r;
    expect(last).toBeDefined();
    const event = h.stripe.webhooks.constructEvent(last?.body ?? "", String(last?.headers["stripe-signature"]), WEBHOOK_SECRET);
    expect((event.data.object as Stripe.Invoice).billing_reason).toBe("subscription_cycle");
  });

  it("ends a subscription set to cancel at period end at the boundary, without a renewal invoice", async () => {
    const cs = await subscribeOnClock(h);
    await h.stripe.subscriptions.update(cs.subscription.id, { cancel_at_period_end: true });
    const mark = eventCount(h);
    await advance(h, cs.clock.id, FEB_1 + 2 * HOUR);
    const sub = await h.stripe.subscriptions.retrieve(cs.subscription.id);
    expect(sub).toMatchObject({ status: "canceled", ended_at: FEB_1, cancellation_details: { reason: "cancellation_requested" } });
    expect(sub.latest_invoice).toBe(cs.subscription.latest_invoice);
    expect(typesSince(h, mark)).toContain("customer.subscription.deleted");
    expect(typesSince(h, mark)).not.toContain("invoice.created");
  });

  it("refuses to move a clock backwards or more than two intervals of its shortest subscription", async () => {
    const cs = await subscribeOnClock(h);
    await expect(h.stripe.testHelpers.testClocks.advance(cs.clock.id, { frozen_time: JAN_1 - 1 })).rejects.toMatchObject({ statusCode: 400 });
    await expect(h.stripe.testHelpers.testClocks.advance(cs.clock.id, { frozen_time: JAN_1 + 70 * DAY })).rejects.toMatchObject({ statusCode: 400, param: "frozen_time" });
  });

  it("hides clock customers from plain lists and deletes them, cancelling their subscriptions, with the clock", async () => {
    const cs = await subscribeOnClock(h);
    expect((await h.stripe.customers.list()).data.map((c) => c.id)).not.toContain(cs.customer.id);
    expect((await h.stripe.customers.list({ test_clock: cs.clock.id })).data.map((c) => c.id)).toEqual([cs.customer.id]);
    expect((await h.stripe.subscriptions.list()).data).toEqual([]);
    expect((await h.stripe.subscriptions.list({ test_clock: cs.clock.id })).data.map((s) => s.id)).toEqual([cs.subscription.id]);
    const mark = eventCount(h);
    const deleted = await h.stripe.testHelpers.testClocks.del(cs.clock.id);
    expect(deleted).toMatchObject({ id: cs.clock.id, deleted: true });
    expect(typesSince(h, mark)).toEqual(["customer.subscription.deleted", "customer.deleted", "test_helpers.test_clock.deleted"]);
    await expect(h.stripe.customers.retrieve(cs.customer.id)).rejects.toMatchObject({ statusCode: 404 });
  });
});

describe("failed renewals and recovery", () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(() => h.close());

  it("leaves a renewal charged to 0341 open with the subscription past_due and the next retry three days on", async () => {
    const cs = await subscribeOnClock(h);
    await switchToFailingCard(h.stripe, cs);
    const mark = eventCount(h);
    await advance(h, cs.clock.id, FEB_1 + 2 * HOUR);
    const sub = await h.stripe.subscriptions.retrieve(cs.subscription.id);
    expect(sub.status).toBe("past_due");
    const invoice = await h.stripe.invoices.retrieve(String(sub.latest_invoice));
    expect(invoice).toMatchObject({ status: "open", attempt_count: 1, amount_remaining: 1000, next_payment_attempt: FEB_1 + HOUR + 3 * DAY });
    const types = typesSince(h, mark);
    for (const type of ["charge.failed", "payment_intent.payment_failed", "invoice.payment_failed", "customer.subscription.updated"]) expect(types).toContain(type);
  });

  it("recovers a past_due subscription: a declined pay is a 402, paying with a good card makes it active, paying again is refused", async () => {
    const cs = await subscribeOnClock(h);
    const failing = await switchToFailingCard(h.stripe, cs);
    await advance(h, cs.clock.id, FEB_1 + 2 * HOUR);
    const invoiceId = String((await h.stripe.subscriptions.retrieve(cs.subscription.id)).latest_invoice);

    await expect(h.stripe.invoices.pay(invoiceId, { payment_method: failing.id })).rejects.toMatchObject({ statusCode: 402, type: "StripeCardError", code: "card_declined" });
    expect((await h.stripe.invoices.retrieve(invoiceId)).attempt_count).toBe(2);

    const good = await h.stripe.paymentMethods.attach("pm_card_visa", { customer: cs.customer.id });
    await h.stripe.customers.update(cs.customer.id, { invoice_settings: { default_payment_method: good.id } });
    await h.stripe.subscriptions.update(cs.subscription.id, { default_payment_method: good.id });
    const mark = eventCount(h);
    const paid = await h.stripe.invoices.pay(invoiceId);
    expect(paid.status).toBe("paid");
    expect((await h.stripe.subscriptions.retrieve(cs.subscription.id)).status).toBe("active");
    expect(typesSince(h, mark)).toEqual(expect.arrayContaining(["invoice.paid", "invoice.payment_succeeded", "customer.subscription.updated"]));
    await expect(h.stripe.invoices.pay(invoiceId)).rejects.toMatchObject({ statusCode: 400, message: "Invoice is already paid" });
  });

  it("refuses a default payment method that is not attached to the customer", async () => {
    const cs = await subscribeOnClock(h);
    const stranger = await h.stripe.customers.create({ email: "other@example.com" });
    const theirs = await h.stripe.paymentMethods.attach("pm_card_visa", { customer: stranger.id });
    await expect(h.stripe.customers.update(cs.customer.id, { invoice_settings: { default_payment_method: theirs.id } })).rejects.toMatchObject({
      statusCode: 400,
      param: "invoice_settings[default_payment_method]",
    });
    await expect(h.stripe.subscriptions.update(cs.subscription.id, { default_payment_method: theirs.id })).rejects.toMatchObject({ statusCode: 400, param: "default_payment_method" });
  });

  it("retries on days 3, 5 and 7 after each failure, then cancels the subscription for payment_failed", async () => {
    const cs = await subscribeOnClock(h);
    await switchToFailingCard(h.stripe, cs);
    const mark = eventCount(h);
    await advance(h, cs.clock.id, FEB_1 + 20 * DAY);
    const sub = await h.stripe.subscriptions.retrieve(cs.subscription.id);
    expect(sub).toMatchObject({ status: "canceled", cancellation_details: { reason: "payment_failed" }, ended_at: FEB_1 + HOUR + 15 * DAY });
    const invoice = await h.stripe.invoices.retrieve(String(sub.latest_invoice));
    expect(invoice).toMatchObject({ status: "open", attempt_count: 4, next_payment_attempt: null });
    const types = typesSince(h, mark);
    expect(types.filter((t) => t === "invoice.payment_failed")).toHaveLength(4);
    expect(types.filter((t) => t === "charge.failed")).toHaveLength(4);
    expect(types).toContain("customer.subscription.deleted");
  });
});
