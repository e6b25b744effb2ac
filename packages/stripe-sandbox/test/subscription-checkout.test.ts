import type Stripe from "stripe";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { control, openSubscriptionSession, startHarness, type Harness } from "./helpers";
import { eventCount, typesSince } from "./billing-helpers";

describe("Checkout in subscription mode", () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(() => h.close());

  it("sets invoice and leaves payment_intent null; the invoice's payments lead to the charge", async () => {
    const session = await openSubscriptionSession(h.stripe);
    await control(h.sandbox, `/_sandbox/checkout/sessions/${session.id}/pay`, { card: "4242424242424242" });
    const completed = await h.stripe.checkout.sessions.retrieve(session.id);
    expect(completed).toMatchObject({ status: "complete", payment_status: "paid", payment_intent: null });
    const invoice = await h.stripe.invoices.retrieve(String(completed.invoice), { expand: ["payments.data.payment.payment_intent"] });
    expect(invoice).toMatchObject({ status: "paid", billing_reason: "subscription_create", amount_paid: 900 });
    const pi = invoice.payments?.data[0]?.payment.payment_intent as Stripe.PaymentIntent;
    expect(pi).toMatchObject({ status: "succeeded", amount: 900 });
  });

  it("completes an async bank debit unpaid with an incomplete subscription and an open invoice, and settling it activates both", async () => {
    const session = await openSubscriptionSession(h.stripe);
    await control(h.sandbox, `/_sandbox/checkout/sessions/${session.id}/pay`, { method: "async_bank_debit" });
    const completed = await h.stripe.checkout.sessions.retrieve(session.id);
    expect(completed).toMatchObject({ status: "complete", payment_status: "unpaid", payment_intent: null });
    const sub = await h.stripe.subscriptions.retrieve(String(completed.subscription));
    expect(sub.status).toBe("incomplete");
    const invoice = await h.stripe.invoices.retrieve(String(completed.invoice), { expand: ["payments"] });
    expect(invoice.status).toBe("open");
    const piId = String(invoice.payments?.data[0]?.payment.payment_intent);
    expect((await h.stripe.paymentIntents.retrieve(piId)).status).toBe("processing");

    const mark = eventCount(h);
    await control(h.sandbox, `/_sandbox/payment_intents/${piId}/settle`, { outcome: "succeeded" });
    expect((await h.stripe.invoices.retrieve(invoice.id)).status).toBe("paid");
    expect((await h.stripe.subscriptions.retrieve(sub.id)).status).toBe("active");
    expect((await h.stripe.checkout.sessions.retrieve(session.id)).payment_status).toBe("paid");
    expect(typesSince(h, mark)).toEqual(expect.arrayContaining(["invoice.paid", "customer.subscription.updated", "checkout.session.async_payment_succeeded"]));
  });

  it("reports a failed bank debit, and the subscription expires incomplete 23 hours after it was created", async () => {
    const session = await openSubscriptionSession(h.stripe);
    await control(h.sandbox, `/_sandbox/checkout/sessions/${session.id}/pay`, { method: "async_bank_debit" });
    const completed = await h.stripe.checkout.sessions.retrieve(session.id);
    const invoice = await h.stripe.invoices.retrieve(String(completed.invoice), { expand: ["payments"] });
    const piId = String(invoice.payments?.data[0]?.payment.payment_intent);

    const mark = eventCount(h);
    await control(h.sandbox, `/_sandbox/payment_intents/${piId}/settle`, { outcome: "failed" });
    expect(typesSince(h, mark)).toEqual(expect.arrayContaining(["invoice.payment_failed", "checkout.session.async_payment_failed"]));
    expect((await h.stripe.subscriptions.retrieve(String(completed.subscription))).status).toBe("incomplete");

    await control(h.sandbox, "/_sandbox/clock/advance", { seconds: 23 * 3600 + 60 });
    const expired = await h.stripe.subscriptions.retrieve(String(completed.subscription));
    expect(expired.status).toBe("incomplete_expired");
    expect((await h.stripe.invoices.retrieve(invoice.id)).status).toBe("void");
  });
});
