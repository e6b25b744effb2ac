import type Stripe from "stripe";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startHarness, type Harness } from "./helpers";
import { advance, DAY, eventCount, eventsSince, FEB_1, HOUR, JAN_1, MAR_1, monthlyPrice, subscribeOnClock, typesSince, type ClockSubscription } from "./billing-helpers";

/** Jan 16, 00:00: 16 of the first period's 31 days remain. */
const MID_JANUARY = JAN_1 + 15 * DAY;

function previousOf(h: Harness, mark: number, type: string): Record<string, unknown> | undefined {
  return eventsSince(h, mark).find((e) => e.type === type)?.data.previous_attributes;
}

describe("subscription schedules take over a subscription and change it over time", () => {
  let h: Harness;
  let cs: ClockSubscription;
  beforeEach(async () => {
    h = await startHarness();
    cs = await subscribeOnClock(h);
  });
  afterEach(() => h.close());

  it("makes a schedule from a subscription with one phase for the current period, and the subscription points back at it", async () => {
    const mark = eventCount(h);
    const schedule = await h.stripe.subscriptionSchedules.create({ from_subscription: cs.subscription.id });
    expect(schedule).toMatchObject({
      object: "subscription_schedule",
      status: "active",
      end_behavior: "release",
      customer: cs.customer.id,
      subscription: cs.subscription.id,
      test_clock: cs.clock.id,
      current_phase: { start_date: JAN_1, end_date: FEB_1 },
      released_subscription: null,
    });
    expect(schedule.id).toMatch(/^sub_sched_/);
    expect(schedule.phases).toHaveLength(1);
    expect(schedule.phases[0]).toMatchObject({ start_date: JAN_1, end_date: FEB_1, currency: "usd", proration_behavior: "create_prorations" });
    expect(schedule.phases[0]?.items).toEqual([expect.objectContaining({ price: cs.price.id, plan: cs.price.id, quantity: 1 })]);
    expect(typesSince(h, mark)).toEqual(["subscription_schedule.created", "customer.subscription.updated"]);
    expect(previousOf(h, mark, "customer.subscription.updated")).toEqual({ schedule: null });

    const sub = await h.stripe.subscriptions.retrieve(cs.subscription.id, { expand: ["schedule"] });
    expect((sub.schedule as Stripe.SubscriptionSchedule).id).toBe(schedule.id);
    const expanded = await h.stripe.subscriptionSchedules.retrieve(schedule.id, { expand: ["subscription"] });
    expect((expanded.subscription as Stripe.Subscription).id).toBe(cs.subscription.id);
  });

  it("downgrades at the period end: the renewal bills phase 2's price, current_phase moves, and the last phase's end releases the schedule", async () => {
    const basic = await monthlyPrice(h.stripe, "Basic plan", 500);
    const schedule = await h.stripe.subscriptionSchedules.create({ from_subscription: cs.subscription.id });
    const updated = await h.stripe.subscriptionSchedules.update(schedule.id, {
      end_behavior: "release",
      phases: [
        { start_date: JAN_1, end_date: FEB_1, items: [{ price: cs.price.id, quantity: 1 }] },
        { items: [{ price: basic.id, quantity: 1 }] },
      ],
    });
    // Without an end, the new phase lasts one interval of its price.
    expect(updated.phases.map((p) => [p.start_date, p.end_date, p.items[0]?.price])).toEqual([
      [JAN_1, FEB_1, cs.price.id],
      [FEB_1, MAR_1, basic.id],
    ]);
    expect((await h.stripe.subscriptions.retrieve(cs.subscription.id)).items.data[0]?.price.id).toBe(cs.price.id);
    const preview = await h.stripe.invoices.createPreview({ subscription: cs.subscription.id });
    expect(preview).toMatchObject({ amount_due: 500, billing_reason: "upcoming" });

    let mark = eventCount(h);
    await advance(h, cs.clock.id, FEB_1 + 2 * HOUR);
    const sub = await h.stripe.subscriptions.retrieve(cs.subscription.id);
    expect(sub.items.data[0]?.price.id).toBe(basic.id);
    expect(await h.stripe.invoices.retrieve(String(sub.latest_invoice))).toMatchObject({ billing_reason: "subscription_cycle", status: "paid", amount_paid: 500 });
    expect((await h.stripe.subscriptionSchedules.retrieve(schedule.id)).current_phase).toEqual({ start_date: FEB_1, end_date: MAR_1 });
    const types = typesSince(h, mark);
    expect(types.indexOf("subscription_schedule.updated")).toBeLessThan(types.indexOf("invoice.created"));
    expect(previousOf(h, mark, "subscription_schedule.updated")).toEqual({ current_phase: { start_date: JAN_1, end_date: FEB_1 } });
    const priceChange = eventsSince(h, mark).find((e) => e.type === "customer.subscription.updated");
    expect(priceChange?.data.previous_attributes?.["items"]).toMatchObject({ data: [{ price: { id: cs.price.id } }] });
    expect(priceChange?.data.object).toMatchObject({ items: { data: [{ price: { id: basic.id } }] } });

    mark = eventCount(h);
    await advance(h, cs.clock.id, MAR_1 + 2 * HOUR);
    const released = await h.stripe.subscriptionSchedules.retrieve(schedule.id);
    expect(released).toMatchObject({ status: "released", released_at: MAR_1, released_subscription: sub.id, subscription: null, current_phase: null });
    const after = await h.stripe.subscriptions.retrieve(sub.id);
    expect(after).toMatchObject({ status: "active", schedule: null });
    expect(await h.stripe.invoices.retrieve(String(after.latest_invoice))).toMatchObject({ amount_paid: 500, period_start: FEB_1, period_end: MAR_1 });
    expect(typesSince(h, mark)).toEqual(expect.arrayContaining(["subscription_schedule.released", "customer.subscription.updated"]));
  });

  it("moves the subscription to the next phase's price mid-period, prorating by that phase's proration_behavior", async () => {
    const premium = await monthlyPrice(h.stripe, "Premium plan", 3000);
    const schedule = await h.stripe.subscriptionSchedules.create({ from_subscription: cs.subscription.id });
    await h.stripe.subscriptionSchedules.update(schedule.id, {
      phases: [
        { start_date: JAN_1, end_date: MID_JANUARY, items: [{ price: cs.price.id }] },
        { end_date: FEB_1, items: [{ price: premium.id }], proration_behavior: "create_prorations" },
      ],
    });
    await advance(h, cs.clock.id, MID_JANUARY + HOUR);
    expect((await h.stripe.subscriptions.retrieve(cs.subscription.id)).items.data[0]?.price.id).toBe(premium.id);
    const pending = await h.stripe.invoiceItems.list({ customer: cs.customer.id, pending: true });
    // −round(1000 × 16/31) + round(3000 × 16/31), as for a direct update on the same day.
    expect(pending.data.map((ii) => ii.amount).sort((a, b) => a - b)).toEqual([-516, 1548]);
    expect((await h.stripe.subscriptionSchedules.retrieve(schedule.id)).current_phase).toEqual({ start_date: MID_JANUARY, end_date: FEB_1 });
  });

  it("applies a change to the current phase at once, with the update's proration_behavior", async () => {
    const premium = await monthlyPrice(h.stripe, "Premium plan", 3000);
    const schedule = await h.stripe.subscriptionSchedules.create({ from_subscription: cs.subscription.id });
    await advance(h, cs.clock.id, MID_JANUARY);
    await h.stripe.subscriptionSchedules.update(schedule.id, {
      proration_behavior: "always_invoice",
      phases: [{ start_date: JAN_1, end_date: FEB_1, items: [{ price: premium.id }] }],
    });
    const sub = await h.stripe.subscriptions.retrieve(cs.subscription.id);
    expect(sub.items.data[0]?.price.id).toBe(premium.id);
    expect(await h.stripe.invoices.retrieve(String(sub.latest_invoice))).toMatchObject({ billing_reason: "subscription_update", status: "paid", amount_paid: 1032 });
  });

  it("releases on request: the subscription keeps its price and renews on its own", async () => {
    const schedule = await h.stripe.subscriptionSchedules.create({ from_subscription: cs.subscription.id });
    await advance(h, cs.clock.id, JAN_1 + 3 * DAY);
    const mark = eventCount(h);
    const released = await h.stripe.subscriptionSchedules.release(schedule.id);
    expect(released).toMatchObject({ status: "released", released_at: JAN_1 + 3 * DAY, released_subscription: cs.subscription.id, subscription: null, current_phase: null });
    expect(typesSince(h, mark)).toEqual(expect.arrayContaining(["subscription_schedule.released", "customer.subscription.updated"]));
    expect(previousOf(h, mark, "customer.subscription.updated")).toEqual({ schedule: schedule.id });
    expect((await h.stripe.subscriptions.retrieve(cs.subscription.id)).schedule).toBeNull();

    await advance(h, cs.clock.id, FEB_1 + 2 * HOUR);
    const sub = await h.stripe.subscriptions.retrieve(cs.subscription.id);
    expect(sub.status).toBe("active");
    expect(await h.stripe.invoices.retrieve(String(sub.latest_invoice))).toMatchObject({ billing_reason: "subscription_cycle", amount_paid: 1000 });
  });

  it("cancels the schedule and its subscription at once, crediting the unused time on a final invoice by default", async () => {
    const schedule = await h.stripe.subscriptionSchedules.create({ from_subscription: cs.subscription.id });
    await advance(h, cs.clock.id, MID_JANUARY);
    const mark = eventCount(h);
    const canceled = await h.stripe.subscriptionSchedules.cancel(schedule.id);
    expect(canceled).toMatchObject({ status: "canceled", canceled_at: MID_JANUARY, current_phase: null });
    const sub = await h.stripe.subscriptions.retrieve(cs.subscription.id);
    expect(sub).toMatchObject({ status: "canceled", ended_at: MID_JANUARY, cancellation_details: { reason: "cancellation_requested" } });
    const final = await h.stripe.invoices.retrieve(String(sub.latest_invoice));
    expect(final).toMatchObject({ billing_reason: "subscription_update", status: "paid", amount_due: 0, total: -516 });
    const customer = await h.stripe.customers.retrieve(cs.customer.id);
    expect(!customer.deleted && customer.balance).toBe(-516);
    expect(typesSince(h, mark)).toEqual(expect.arrayContaining(["customer.subscription.deleted", "invoiceitem.created", "invoice.created", "subscription_schedule.canceled"]));
  });

  it("ends the subscription at the last phase's end with end_behavior cancel, and completes the schedule", async () => {
    const schedule = await h.stripe.subscriptionSchedules.create({ from_subscription: cs.subscription.id });
    await h.stripe.subscriptionSchedules.update(schedule.id, { end_behavior: "cancel" });
    expect((await h.stripe.subscriptions.retrieve(cs.subscription.id)).cancel_at).toBe(FEB_1);
    const mark = eventCount(h);
    await advance(h, cs.clock.id, FEB_1 + 2 * HOUR);
    expect(await h.stripe.subscriptionSchedules.retrieve(schedule.id)).toMatchObject({ status: "completed", completed_at: FEB_1, current_phase: null });
    const sub = await h.stripe.subscriptions.retrieve(cs.subscription.id);
    expect(sub).toMatchObject({ status: "canceled", ended_at: FEB_1, latest_invoice: cs.subscription.latest_invoice });
    expect(typesSince(h, mark)).toEqual(expect.arrayContaining(["customer.subscription.deleted", "subscription_schedule.completed"]));
    expect(typesSince(h, mark)).not.toContain("invoice.created");
  });

  it("cancels the schedule too when its subscription is canceled directly", async () => {
    const schedule = await h.stripe.subscriptionSchedules.create({ from_subscription: cs.subscription.id });
    const mark = eventCount(h);
    await h.stripe.subscriptions.cancel(cs.subscription.id);
    expect((await h.stripe.subscriptionSchedules.retrieve(schedule.id)).status).toBe("canceled");
    expect(typesSince(h, mark)).toEqual(["customer.subscription.deleted", "subscription_schedule.canceled"]);
  });

  it("shows a scheduled downgrade in the billing portal and sends plan changes there back to the schedule", async () => {
    const basic = await monthlyPrice(h.stripe, "Basic plan", 500);
    const schedule = await h.stripe.subscriptionSchedules.create({ from_subscription: cs.subscription.id });
    await h.stripe.subscriptionSchedules.update(schedule.id, {
      phases: [
        { start_date: JAN_1, end_date: FEB_1, items: [{ price: cs.price.id }] },
        { items: [{ price: basic.id }] },
      ],
    });
    const portal = await h.stripe.billingPortal.sessions.create({ customer: cs.customer.id });
    expect(await (await fetch(portal.url)).text()).toContain("Switches to Basic plan — $5.00 / month");
    const form = new URLSearchParams({ price: basic.id }).toString();
    const res = await fetch(`${portal.url}/subscriptions/${cs.subscription.id}/plan`, { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded" }, body: form });
    expect(await res.text()).toContain("This subscription has scheduled changes, so it can&#39;t be changed here.");
    expect((await h.stripe.subscriptions.retrieve(cs.subscription.id)).items.data[0]?.price.id).toBe(cs.price.id);
  });

  it("lists schedules by customer, and leaves test-clock ones out of a plain list", async () => {
    const schedule = await h.stripe.subscriptionSchedules.create({ from_subscription: cs.subscription.id });
    expect((await h.stripe.subscriptionSchedules.list({ customer: cs.customer.id })).data.map((s) => s.id)).toEqual([schedule.id]);
    expect((await h.stripe.subscriptionSchedules.list()).data).toEqual([]);
    expect((await h.stripe.subscriptionSchedules.list({ customer: cs.customer.id, scheduled: true })).data).toEqual([]);
  });
});
