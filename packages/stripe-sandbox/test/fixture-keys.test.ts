import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { control, openPaymentSession, openSubscriptionSession, startHarness, type Harness } from "./helpers";
import { missingFixtureKeys } from "./fixtures";

describe("objects carry at least the keys of Stripe's published fixtures", () => {
  let h: Harness;
  const objects: Record<string, unknown> = {};

  beforeAll(async () => {
    h = await startHarness();
    const { stripe } = h;
    const paid = await openPaymentSession(stripe, { customer_creation: "always" });
    objects["checkout.session (open)"] = paid;
    await control(h.sandbox, `/_sandbox/checkout/sessions/${paid.id}/pay`, { card: "4242424242424242" });
    const session = await stripe.checkout.sessions.retrieve(paid.id, { expand: ["line_items", "payment_intent.latest_charge", "customer"] });
    objects["checkout.session"] = session;
    objects["item"] = session.line_items?.data[0];
    const pi = session.payment_intent as { id: string; latest_charge: { id: string; product?: unknown } };
    objects["payment_intent"] = await stripe.paymentIntents.retrieve(pi.id);
    objects["charge"] = await stripe.charges.retrieve(pi.latest_charge.id);
    objects["customer"] = session.customer;
    objects["refund"] = await stripe.refunds.create({ payment_intent: pi.id });
    objects["product"] = (await stripe.products.list({ limit: 1 })).data[0];
    objects["price"] = (await stripe.prices.list({ limit: 1 })).data[0];
    objects["payment_method"] = await stripe.paymentMethods.retrieve(String((objects["payment_intent"] as { payment_method: string }).payment_method));

    const subSession = await openSubscriptionSession(stripe);
    await control(h.sandbox, `/_sandbox/checkout/sessions/${subSession.id}/pay`, { card: "4242424242424242" });
    const completed = await stripe.checkout.sessions.retrieve(subSession.id);
    const subscription = await stripe.subscriptions.retrieve(String(completed.subscription));
    objects["subscription"] = subscription;
    objects["subscription_item"] = subscription.items.data[0];
    objects["plan"] = (subscription.items.data[0] as unknown as { plan: unknown }).plan;
    const invoice = await stripe.invoices.retrieve(String(completed.invoice));
    objects["invoice"] = invoice;
    objects["line_item"] = invoice.lines.data[0];
    objects["billing_portal.session"] = await stripe.billingPortal.sessions.create({ customer: subscription.customer as string, return_url: "https://shop.example/account" });
    objects["event"] = (await stripe.events.list({ limit: 1 })).data[0];
    objects["webhook_endpoint"] = await stripe.webhookEndpoints.create({ url: "https://shop.example/hook", enabled_events: ["*"] });
    objects["deleted_webhook_endpoint"] = await stripe.webhookEndpoints.del((objects["webhook_endpoint"] as { id: string }).id);
  });

  afterAll(() => h.close());

  const cases: [label: string, fixture: string][] = [
    ["product", "product"],
    ["price", "price"],
    ["customer", "customer"],
    ["checkout.session (open)", "checkout.session"],
    ["checkout.session", "checkout.session"],
    ["item", "item"],
    ["payment_intent", "payment_intent"],
    ["charge", "charge"],
    ["refund", "refund"],
    ["payment_method", "payment_method"],
    ["subscription", "subscription"],
    ["subscription_item", "subscription_item"],
    ["plan", "plan"],
    ["invoice", "invoice"],
    ["line_item", "line_item"],
    ["billing_portal.session", "billing_portal.session"],
    ["event", "event"],
    ["webhook_endpoint", "webhook_endpoint"],
    ["deleted_webhook_endpoint", "deleted_webhook_endpoint"],
  ];

  it.each(cases)("a %s has every key of the fixture", (label, fixture) => {
    expect(objects[label], `${label} was not produced`).toBeDefined();
    expect(missingFixtureKeys(fixture, objects[label])).toEqual([]);
  });
});
