import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startHarness, type Harness } from "./helpers";
import { advance, eventCount, FEB_1, HOUR, monthlyPrice, subscribeOnClock, switchToFailingCard, typesSince } from "./billing-helpers";

async function postForm(url: string, fields: Record<string, string>): Promise<Response> {
  return fetch(url, { method: "POST", redirect: "manual", headers: { "Content-Type": "application/x-www-form-urlencoded" }, body: new URLSearchParams(fields).toString() });
}

describe("the hosted billing portal", () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(() => h.close());

  it("shows each subscription's product name with its price", async () => {
    const cs = await subscribeOnClock(h);
    const portal = await h.stripe.billingPortal.sessions.create({ customer: cs.customer.id, return_url: "https://shop.example/account" });
    const page = await (await fetch(portal.url)).text();
    expect(page).toContain("Pro plan — $10.00 / month");
    expect(page).toContain("Cancel subscription");
    expect(page).toContain("visa •••• 4242");
    expect(page).toContain("Update card");
  });

  it("names the product of every plan the buyer can switch to", async () => {
    const cs = await subscribeOnClock(h);
    const basic = await monthlyPrice(h.stripe, "Basic plan", 500);
    const portal = await h.stripe.billingPortal.sessions.create({
      customer: cs.customer.id,
      flow_data: { type: "subscription_update", subscription_update: { subscription: cs.subscription.id } },
    });
    const page = await (await fetch(portal.url)).text();
    expect(page).toContain("<strong>Pro plan — $10.00 / month</strong>");
    expect(page).toMatch(new RegExp(`<option value="${cs.price.id}"\\s*selected>Pro plan — \\$10\\.00 / month</option>`));
    expect(page).toMatch(new RegExp(`<option value="${basic.id}"\\s*>Basic plan — \\$5\\.00 / month</option>`));
  });

  it("schedules a downgrade for the period end, and the renewal then bills the cheaper plan", async () => {
    const cs = await subscribeOnClock(h);
    const basic = await monthlyPrice(h.stripe, "Basic plan", 500);
    const portal = await h.stripe.billingPortal.sessions.create({ customer: cs.customer.id });
    const page = await (await postForm(`${portal.url}/subscriptions/${cs.subscription.id}/plan`, { price: basic.id })).text();
    expect(page).toContain("Switches to Basic plan — $5.00 / month");
    expect((await h.stripe.subscriptions.retrieve(cs.subscription.id)).items.data[0]?.price.id).toBe(cs.price.id);

    await advance(h, cs.clock.id, FEB_1 + 2 * HOUR);
    const sub = await h.stripe.subscriptions.retrieve(cs.subscription.id);
    expect(sub.items.data[0]?.price.id).toBe(basic.id);
    const renewal = await h.stripe.invoices.retrieve(String(sub.latest_invoice));
    expect(renewal).toMatchObject({ billing_reason: "subscription_cycle", amount_paid: 500 });
  });

  it("applies an upgrade at once and charges the prorated difference", async () => {
    const cs = await subscribeOnClock(h);
    const premium = await monthlyPrice(h.stripe, "Premium plan", 3000);
    const portal = await h.stripe.billingPortal.sessions.create({ customer: cs.customer.id });
    const page = await (await postForm(`${portal.url}/subscriptions/${cs.subscription.id}/plan`, { price: premium.id })).text();
    expect(page).toContain("Your plan was changed.");
    const sub = await h.stripe.subscriptions.retrieve(cs.subscription.id);
    expect(sub.items.data[0]?.price.id).toBe(premium.id);
    const invoice = await h.stripe.invoices.retrieve(String(sub.latest_invoice));
    // Changed at the very start of the period: the whole old price is credited and the whole new one charged.
    expect(invoice).toMatchObject({ billing_reason: "subscription_update", status: "paid", amount_paid: 2000 });
  });

  it("takes a new card in a payment_method_update flow, pays the past_due invoice at once and redirects", async () => {
    const cs = await subscribeOnClock(h);
    await switchToFailingCard(h.stripe, cs);
    await advance(h, cs.clock.id, FEB_1 + 2 * HOUR);
    expect((await h.stripe.subscriptions.retrieve(cs.subscription.id)).status).toBe("past_due");

    const portal = await h.stripe.billingPortal.sessions.create({
      customer: cs.customer.id,
      flow_data: { type: "payment_method_update", after_completion: { type: "redirect", redirect: { return_url: "https://shop.example/account?fixed=1" } } },
    });
    expect(portal.flow?.type).toBe("payment_method_update");
    const declined = await (await postForm(`${portal.url}/payment_method`, { cardNumber: "4000000000000341", cardExpiry: "12/40", cardCvc: "123" })).text();
    expect(declined).toContain("Your card was declined.");

    const mark = eventCount(h);
    const res = await postForm(`${portal.url}/payment_method`, { cardNumber: "4242 4242 4242 4242", cardExpiry: "12/40", cardCvc: "123" });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("https://shop.example/account?fixed=1");
    const sub = await h.stripe.subscriptions.retrieve(cs.subscription.id);
    expect(sub.status).toBe("active");
    const customer = await h.stripe.customers.retrieve(cs.customer.id);
    expect(!customer.deleted && customer.invoice_settings.default_payment_method).toBe(sub.default_payment_method);
    expect((await h.stripe.invoices.retrieve(String(sub.latest_invoice))).status).toBe("paid");
    expect(typesSince(h, mark)).toEqual(expect.arrayContaining(["payment_method.attached", "customer.updated", "invoice.paid", "customer.subscription.updated"]));
  });

  it("requires the subscription for subscription_update and subscription_cancel flows", async () => {
    const cs = await subscribeOnClock(h);
    await expect(h.stripe.billingPortal.sessions.create({ customer: cs.customer.id, flow_data: { type: "subscription_cancel" } })).rejects.toMatchObject({
      statusCode: 400,
      param: "flow_data[subscription_cancel][subscription]",
    });
    const portal = await h.stripe.billingPortal.sessions.create({
      customer: cs.customer.id,
      flow_data: { type: "subscription_update", subscription_update: { subscription: cs.subscription.id } },
    });
    expect(portal.flow).toMatchObject({ type: "subscription_update", subscription_update: { subscription: cs.subscription.id } });
  });
});
