import type Stripe from "stripe";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { advance, DAY, eventsSince, eventCount, HOUR, JAN_1, monthlyPrice, typesSince } from "./billing-helpers";
import { control, startHarness, type Harness } from "./helpers";

const JAN_3 = JAN_1 + 2 * DAY;
const JAN_6 = JAN_1 + 5 * DAY;
const JAN_8 = JAN_1 + 7 * DAY;
const JAN_15 = JAN_1 + 14 * DAY;

describe("changing a trial: trial_end on subscriptions.update and on the invoice preview", () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(() => h.close());

  /** A customer on a test clock at Jan 1 on a 7-day Starter trial ($5/month, until Jan 8), the clock then moved to `at`; Advanced is $15. */
  async function trialUntilJan8(options: { card?: string; at?: number } = {}) {
    const clock = await h.stripe.testHelpers.testClocks.create({ frozen_time: JAN_1 });
    const customer = await h.stripe.customers.create({ email: "trial@example.com", test_clock: clock.id });
    const starter = await monthlyPrice(h.stripe, "Starter", 500);
    const advanced = await monthlyPrice(h.stripe, "Advanced", 1500);
    const session = await h.stripe.checkout.sessions.create({
      mode: "subscription",
      customer: customer.id,
      line_items: [{ price: starter.id, quantity: 1 }],
      subscription_data: { trial_period_days: 7 },
      success_url: "https://shop.example/ok",
    });
    await control(h.sandbox, `/_sandbox/checkout/sessions/${session.id}/pay`, { card: options.card ?? "4242424242424242" });
    await advance(h, clock.id, options.at ?? JAN_3);
    const subscription = await h.stripe.subscriptions.retrieve(String((await h.stripe.checkout.sessions.retrieve(session.id)).subscription));
    const itemId = subscription.items.data[0]?.id ?? "";
    return { clock, customer, subscription, itemId, starter, advanced };
  }
  type Trial = Awaited<ReturnType<typeof trialUntilJan8>>;

  const toAdvanced = (t: Trial) => [{ id: t.itemId, price: t.advanced.id }];
  const upgradeEndingTrial = (t: Trial, extra: Partial<Stripe.SubscriptionUpdateParams> = {}) =>
    h.stripe.subscriptions.update(t.subscription.id, { items: toAdvanced(t), proration_behavior: "always_invoice", trial_end: "now", ...extra });
  const latestInvoice = async (id: string) => h.stripe.invoices.retrieve(String((await h.stripe.subscriptions.retrieve(id)).latest_invoice));

  it("trial_end=now with a new price bills the new plan's whole month at once, as previewed, and turns active", async () => {
    const t = await trialUntilJan8();
    const preview = await h.stripe.invoices.createPreview({
      subscription: t.subscription.id,
      subscription_details: { items: toAdvanced(t), proration_behavior: "always_invoice", proration_date: JAN_3, trial_end: "now" },
    });
    const mark = eventCount(h);
    const updated = await upgradeEndingTrial(t, { payment_behavior: "error_if_incomplete" });

    expect(preview).toMatchObject({ amount_due: 1500, billing_reason: "subscription_update" });
    expect(preview.lines.data.map((line) => [line.amount, line.description, line.period])).toEqual([[1500, "1 × Advanced (at $15.00 / month)", { start: JAN_3, end: JAN_3 + 31 * DAY }]]);
    expect(updated).toMatchObject({ status: "active", trial_start: JAN_1, trial_end: JAN_3, billing_cycle_anchor: JAN_3 });
    expect(updated.items.data[0]).toMatchObject({ price: { id: t.advanced.id }, current_period_start: JAN_3, current_period_end: JAN_3 + 31 * DAY });
    const invoice = await latestInvoice(t.subscription.id);
    expect(invoice).toMatchObject({ billing_reason: "subscription_update", status: "paid", amount_due: preview.amount_due, amount_paid: 1500 });
    expect(invoice.lines.data.map((line) => [line.amount, line.description])).toEqual([[1500, "1 × Advanced (at $15.00 / month)"]]);

    const events = eventsSince(h, mark);
    const ended = events.find((e) => e.type === "customer.subscription.updated" && (e.data.previous_attributes as { status?: string } | undefined)?.status === "trialing");
    expect(ended?.data.previous_attributes).toMatchObject({ status: "trialing", trial_end: JAN_8, billing_cycle_anchor: JAN_8 });
    expect(events.map((e) => e.type)).toEqual(expect.arrayContaining(["invoice.created", "invoice.finalized", "charge.succeeded", "invoice.paid", "customer.subscription.trial_will_end"]));
    // Five days were left: the warning due on Jan 5 goes out with the early end, and never again.
    await advance(h, t.clock.id, JAN_8 + DAY);
    expect(typesSince(h, mark).filter((type) => type === "customer.subscription.trial_will_end")).toHaveLength(1);
  });

  it("refuses the whole update with error_if_incomplete when the card would be declined, and nothing changes", async () => {
    const t = await trialUntilJan8({ card: "4000000000000341" });
    const before = await h.stripe.invoices.list({ subscription: t.subscription.id });
    const mark = eventCount(h);

    await expect(upgradeEndingTrial(t, { payment_behavior: "error_if_incomplete" })).rejects.toMatchObject({ statusCode: 402, type: "StripeCardError" });

    const sub = await h.stripe.subscriptions.retrieve(t.subscription.id);
    expect(sub).toMatchObject({ status: "trialing", trial_end: JAN_8, latest_invoice: t.subscription.latest_invoice });
    expect(sub.items.data[0]).toMatchObject({ price: { id: t.starter.id }, current_period_end: JAN_8 });
    expect((await h.stripe.invoices.list({ subscription: t.subscription.id })).data).toHaveLength(before.data.length);
    expect(typesSince(h, mark)).toEqual([]);
  });

  it("leaves the ended trial past_due when the charge fails under allow_incomplete", async () => {
    const t = await trialUntilJan8({ card: "4000000000000341" });
    await upgradeEndingTrial(t);
    expect((await h.stripe.subscriptions.retrieve(t.subscription.id)).status).toBe("past_due");
    expect(await latestInvoice(t.subscription.id)).toMatchObject({ status: "open", amount_due: 1500, attempt_count: 1 });
  });

  it("ends a trial already warned about at its current price, with no second warning", async () => {
    const t = await trialUntilJan8({ at: JAN_6 });
    const mark = eventCount(h);
    const updated = await h.stripe.subscriptions.update(t.subscription.id, { trial_end: "now" });
    expect(updated).toMatchObject({ status: "active", trial_end: JAN_6 });
    expect(await latestInvoice(t.subscription.id)).toMatchObject({ billing_reason: "subscription_update", amount_paid: 500 });
    expect(typesSince(h, mark)).not.toContain("customer.subscription.trial_will_end");
  });

  it("moves the trial's end to a later timestamp on the new price, billing nothing until then", async () => {
    const t = await trialUntilJan8();
    const preview = await h.stripe.invoices.createPreview({ subscription: t.subscription.id, subscription_details: { items: toAdvanced(t), trial_end: JAN_15 } });
    const updated = await h.stripe.subscriptions.update(t.subscription.id, { items: toAdvanced(t), proration_behavior: "always_invoice", trial_end: JAN_15 });

    expect(preview).toMatchObject({ amount_due: 1500, billing_reason: "upcoming", created: JAN_15 });
    expect(preview.lines.data[0]?.period).toEqual({ start: JAN_15, end: JAN_15 + 31 * DAY });
    expect(updated).toMatchObject({ status: "trialing", trial_end: JAN_15, billing_cycle_anchor: JAN_15, latest_invoice: t.subscription.latest_invoice });
    expect(updated.items.data[0]).toMatchObject({ price: { id: t.advanced.id }, current_period_end: JAN_15 });
    await advance(h, t.clock.id, JAN_8 + 2 * HOUR);
    expect((await h.stripe.subscriptions.retrieve(t.subscription.id)).status).toBe("trialing");
    await advance(h, t.clock.id, JAN_15 + 2 * HOUR);
    expect((await h.stripe.subscriptions.retrieve(t.subscription.id)).status).toBe("active");
    expect(await latestInvoice(t.subscription.id)).toMatchObject({ billing_reason: "subscription_cycle", amount_paid: 1500 });
  });

  it("changes the price during a trial without trial_end: nothing is prorated, and the trial goes on", async () => {
    const t = await trialUntilJan8();
    const preview = await h.stripe.invoices.createPreview({ subscription: t.subscription.id, subscription_details: { items: toAdvanced(t), proration_behavior: "always_invoice" } });
    const updated = await h.stripe.subscriptions.update(t.subscription.id, { items: toAdvanced(t), proration_behavior: "always_invoice" });
    expect(preview.amount_due).toBe(0);
    expect(updated).toMatchObject({ status: "trialing", trial_end: JAN_8, latest_invoice: t.subscription.latest_invoice });
    expect((await h.stripe.invoiceItems.list({ customer: t.customer.id })).data).toEqual([]);
  });

  it("refuses trial ends Stripe refuses, and what the sandbox does not model", async () => {
    const t = await trialUntilJan8();
    const update = (params: Stripe.SubscriptionUpdateParams) => h.stripe.subscriptions.update(t.subscription.id, params);
    await expect(update({ trial_end: JAN_1 })).rejects.toMatchObject({ param: "trial_end", message: "Invalid timestamp: must be an integer Unix timestamp in the future." });
    await expect(update({ trial_end: JAN_3 + 731 * DAY })).rejects.toMatchObject({ param: "trial_end" });
    await expect(update({ trial_end: "now", payment_behavior: "pending_if_incomplete" })).rejects.toMatchObject({ param: "payment_behavior" });
    await expect(
      h.stripe.invoices.createPreview({ subscription: t.subscription.id, subscription_details: { trial_end: JAN_1 } }),
    ).rejects.toMatchObject({ param: "subscription_details[trial_end]" });
    await update({ trial_end: "now" });
    await expect(update({ trial_end: JAN_15 })).rejects.toMatchObject({ param: "trial_end", message: expect.stringContaining("this one is active") });
  });

  it("ends the trial when the buyer upgrades in the billing portal", async () => {
    const t = await trialUntilJan8();
    const portal = await h.stripe.billingPortal.sessions.create({ customer: t.customer.id });
    const body = new URLSearchParams({ price: t.advanced.id }).toString();
    const page = await fetch(`${portal.url}/subscriptions/${t.subscription.id}/plan`, { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded" }, body });
    expect(await page.text()).toContain("Your plan was changed.");
    expect(await h.stripe.subscriptions.retrieve(t.subscription.id)).toMatchObject({ status: "active", trial_end: JAN_3 });
    expect(await latestInvoice(t.subscription.id)).toMatchObject({ billing_reason: "subscription_update", amount_paid: 1500 });
  });
});
