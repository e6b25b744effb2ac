import type Stripe from "stripe";
import type { StripeEvent } from "../src/objects/event";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { advance, DAY, eventCount, HOUR, JAN_1, monthlyPrice, typesSince } from "./billing-helpers";
import { control, startHarness, type Harness } from "./helpers";

const JAN_8 = JAN_1 + 7 * DAY;
const FEB_8 = JAN_8 + 31 * DAY;

describe("trials started in Checkout", () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(() => h.close());

  /** A customer on a test clock at Jan 1 who starts a 7-day Starter trial ($5/month) through Checkout. */
  async function startTrial(options: { pay?: Record<string, unknown>; session?: Partial<Stripe.Checkout.SessionCreateParams> } = {}) {
    const clock = await h.stripe.testHelpers.testClocks.create({ frozen_time: JAN_1 });
    const customer = await h.stripe.customers.create({ email: "trial@example.com", test_clock: clock.id });
    const price = await monthlyPrice(h.stripe, "Starter", 500);
    const session = await h.stripe.checkout.sessions.create({
      mode: "subscription",
      customer: customer.id,
      line_items: [{ price: price.id, quantity: 1 }],
      subscription_data: { trial_period_days: 7 },
      success_url: "https://shop.example/ok",
      ...options.session,
    });
    const mark = eventCount(h);
    const reply = await control<{ status: string; error?: { code: string } }>(h.sandbox, `/_sandbox/checkout/sessions/${session.id}/pay`, options.pay ?? { card: "4242424242424242" });
    const completed = await h.stripe.checkout.sessions.retrieve(session.id);
    const subscriptionId = typeof completed.subscription === "string" ? completed.subscription : "";
    return { clock, customer, session, completed, reply, subscriptionId, types: typesSince(h, mark) };
  }
  const subscription = (id: string) => h.stripe.subscriptions.retrieve(id);
  const latestInvoice = async (id: string) => h.stripe.invoices.retrieve(String((await subscription(id)).latest_invoice));

  it("starts a trialing subscription with a paid zero invoice, and nothing is charged", async () => {
    const t = await startTrial();
    expect(t.session).toMatchObject({ amount_subtotal: 0, amount_total: 0, payment_method_collection: "always" });
    expect(t.completed).toMatchObject({ status: "complete", payment_status: "no_payment_required", payment_intent: null });
    const sub = await subscription(t.subscriptionId);
    expect(sub).toMatchObject({ status: "trialing", trial_start: JAN_1, trial_end: JAN_8, billing_cycle_anchor: JAN_8, trial_settings: { end_behavior: { missing_payment_method: "create_invoice" } } });
    expect(sub.items.data[0]).toMatchObject({ current_period_start: JAN_1, current_period_end: JAN_8 });
    expect(sub.default_payment_method).toMatch(/^pm_/);
    const invoice = await h.stripe.invoices.retrieve(String(t.completed.invoice), { expand: ["payments"] });
    expect(invoice).toMatchObject({ billing_reason: "subscription_create", status: "paid", total: 0, amount_due: 0, amount_paid: 0 });
    expect(invoice.lines.data[0]).toMatchObject({ amount: 0, description: "Trial period for Starter", period: { start: JAN_1, end: JAN_8 } });
    expect(invoice.payments?.data).toEqual([]);
    expect(t.types).toEqual(expect.arrayContaining(["customer.subscription.created", "invoice.created", "invoice.finalized", "invoice.paid", "checkout.session.completed"]));
    expect(t.types.filter((type) => type.startsWith("payment_intent.") || type.startsWith("charge."))).toEqual([]);
  });

  it("warns three days before the trial ends, once", async () => {
    const t = await startTrial();
    const mark = eventCount(h);
    await advance(h, t.clock.id, JAN_8 - 3 * DAY - 60);
    expect(typesSince(h, mark)).not.toContain("customer.subscription.trial_will_end");
    await advance(h, t.clock.id, JAN_8 - 3 * DAY + 60);
    await advance(h, t.clock.id, JAN_8 - DAY);
    expect(typesSince(h, mark).filter((type) => type === "customer.subscription.trial_will_end")).toHaveLength(1);
  });

  it("charges the first paid month at the trial's end and turns active", async () => {
    const t = await startTrial();
    const mark = eventCount(h);
    await advance(h, t.clock.id, JAN_8 + 2 * HOUR);
    const sub = await subscription(t.subscriptionId);
    expect(sub.status).toBe("active");
    expect(sub.items.data[0]).toMatchObject({ current_period_start: JAN_8, current_period_end: FEB_8 });
    expect(await latestInvoice(t.subscriptionId)).toMatchObject({ billing_reason: "subscription_cycle", status: "paid", amount_paid: 500 });
    const trialEnd = h.sandbox.runtime.store.list<StripeEvent>("event").find((e) => (e.data.previous_attributes as { status?: string } | undefined)?.status === "trialing");
    expect(trialEnd?.type).toBe("customer.subscription.updated");
    expect(typesSince(h, mark)).toEqual(expect.arrayContaining(["invoice.created", "invoice.finalized", "charge.succeeded", "invoice.paid"]));
  });

  it("goes past_due when the saved card fails at the trial's end", async () => {
    const t = await startTrial({ pay: { card: "4000000000000341" } });
    expect(t.reply.status).toBe(200);
    await advance(h, t.clock.id, JAN_8 + 2 * HOUR);
    expect((await subscription(t.subscriptionId)).status).toBe("past_due");
    expect(await latestInvoice(t.subscriptionId)).toMatchObject({ status: "open", attempt_count: 1 });
  });

  it("refuses a card that can't be saved, and the session stays open", async () => {
    const t = await startTrial({ pay: { card: "4000000000000002" } });
    expect(t.reply).toMatchObject({ status: 402, json: { status: "declined", error: { code: "card_declined" } } });
    expect(t.completed.status).toBe("open");
  });

  it.each([
    ["create_invoice", "past_due", "invoice.payment_failed"],
    ["cancel", "canceled", "customer.subscription.deleted"],
    ["pause", "paused", "customer.subscription.paused"],
  ] as const)("without a card, missing_payment_method=%s leaves the subscription %s", async (behaviour, status, event) => {
    const t = await startTrial({
      pay: { method: "none" },
      session: { payment_method_collection: "if_required", subscription_data: { trial_period_days: 7, trial_settings: { end_behavior: { missing_payment_method: behaviour } } } },
    });
    expect(t.completed.status).toBe("complete");
    expect((await subscription(t.subscriptionId)).default_payment_method).toBeNull();
    const mark = eventCount(h);
    await advance(h, t.clock.id, JAN_8 + 2 * HOUR);
    expect((await subscription(t.subscriptionId)).status).toBe(status);
    expect(typesSince(h, mark)).toContain(event);
  });

  it("asks for a card unless payment_method_collection is if_required", async () => {
    const t = await startTrial({ pay: { method: "none" } });
    expect(t.reply).toMatchObject({ status: 402, json: { error: { code: "incomplete_number" } } });
  });

  it("warns at once about a trial of three days or less", async () => {
    const t = await startTrial({ session: { subscription_data: { trial_period_days: 2 } } });
    expect(t.types).toContain("customer.subscription.trial_will_end");
  });

  it("takes trial_end instead of days, and refuses trials Stripe refuses", async () => {
    const t = await startTrial({ session: { subscription_data: { trial_end: JAN_1 + 10 * DAY } } });
    expect(await subscription(t.subscriptionId)).toMatchObject({ status: "trialing", trial_end: JAN_1 + 10 * DAY });
    const price = await monthlyPrice(h.stripe, "Starter", 500);
    const create = (subscription_data: Stripe.Checkout.SessionCreateParams.SubscriptionData) =>
      h.stripe.checkout.sessions.create({ mode: "subscription", line_items: [{ price: price.id, quantity: 1 }], success_url: "https://shop.example/ok", subscription_data });
    const now = Math.floor(Date.now() / 1000);
    await expect(create({ trial_end: now + DAY })).rejects.toMatchObject({ param: "subscription_data[trial_end]" });
    await expect(create({ trial_period_days: 0 })).rejects.toMatchObject({ param: "subscription_data[trial_period_days]" });
    await expect(create({ trial_period_days: 7, trial_end: now + 9 * DAY })).rejects.toMatchObject({ message: "You may only specify one of these parameters: trial_end, trial_period_days." });
  });

  it("shows the trial on the hosted page", async () => {
    const price = await monthlyPrice(h.stripe, "Starter", 500);
    const session = await h.stripe.checkout.sessions.create({
      mode: "subscription",
      line_items: [{ price: price.id, quantity: 1 }],
      subscription_data: { trial_period_days: 7 },
      success_url: "https://shop.example/ok",
    });
    const html = await (await fetch(String(session.url))).text();
    expect(html).toContain('<p data-testid="trial">7 days free</p>');
    expect(html).toContain(">Start trial</button>");
    expect(html).toMatch(/data-testid="total">\$0\.00</);
  });
});
