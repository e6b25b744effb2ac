import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startHarness, type Harness } from "./helpers";
import { advance, DAY, FEB_1, JAN_1, subscribeOnClock, type ClockSubscription } from "./billing-helpers";

describe("subscription schedules refuse what Stripe refuses", () => {
  let h: Harness;
  let cs: ClockSubscription;
  beforeEach(async () => {
    h = await startHarness();
    cs = await subscribeOnClock(h);
  });
  afterEach(() => h.close());

  it("answers 404 resource_missing for an unknown schedule or subscription", async () => {
    await expect(h.stripe.subscriptionSchedules.retrieve("sub_sched_missing")).rejects.toMatchObject({
      statusCode: 404,
      type: "StripeInvalidRequestError",
      code: "resource_missing",
      message: "No such subscription_schedule: 'sub_sched_missing'",
    });
    await expect(h.stripe.subscriptionSchedules.create({ from_subscription: "sub_missing" })).rejects.toMatchObject({
      statusCode: 404,
      code: "resource_missing",
      param: "from_subscription",
    });
  });

  it("refuses a second schedule for a subscription that already has one, and other parameters next to from_subscription", async () => {
    await h.stripe.subscriptionSchedules.create({ from_subscription: cs.subscription.id });
    await expect(h.stripe.subscriptionSchedules.create({ from_subscription: cs.subscription.id })).rejects.toMatchObject({
      statusCode: 400,
      param: "from_subscription",
      message: `You cannot migrate a subscription that is already attached to a schedule: \`${cs.subscription.id}\``,
    });
    await expect(h.stripe.subscriptionSchedules.create({ from_subscription: cs.subscription.id, end_behavior: "cancel" })).rejects.toMatchObject({
      statusCode: 400,
      param: "end_behavior",
    });
  });

  it("refuses phases that do not start with the current phase, have no anchoring start_date, or leave a gap", async () => {
    const schedule = await h.stripe.subscriptionSchedules.create({ from_subscription: cs.subscription.id });
    await advance(h, cs.clock.id, JAN_1 + DAY);
    const items = [{ price: cs.price.id }];
    await expect(h.stripe.subscriptionSchedules.update(schedule.id, { phases: [{ start_date: JAN_1 + DAY, end_date: FEB_1, items }] })).rejects.toMatchObject({
      statusCode: 400,
      message: "You can not modify the start date of the current phase.",
    });
    await expect(h.stripe.subscriptionSchedules.update(schedule.id, { phases: [{ start_date: "now", end_date: FEB_1, items }] })).rejects.toMatchObject({
      message: "You can not modify the start date of the current phase.",
    });
    await expect(h.stripe.subscriptionSchedules.update(schedule.id, { phases: [{ end_date: FEB_1, items }] })).rejects.toMatchObject({
      statusCode: 400,
      message: "The subscription schedule update is missing at least one phase with a `start_date` to anchor end dates to.",
    });
    await expect(
      h.stripe.subscriptionSchedules.update(schedule.id, {
        phases: [
          { start_date: JAN_1, end_date: FEB_1, items },
          { start_date: FEB_1 + DAY, items },
        ],
      }),
    ).rejects.toMatchObject({ statusCode: 400, param: "phases[1][start_date]" });
    await expect(
      h.stripe.subscriptionSchedules.update(schedule.id, { phases: [{ start_date: JAN_1, end_date: FEB_1, duration: { interval: "month" }, items }] }),
    ).rejects.toMatchObject({ statusCode: 400, message: "You may only specify one of these parameters: duration, end_date." });
    await expect(h.stripe.subscriptionSchedules.update(schedule.id, { phases: [{ start_date: JAN_1, end_date: FEB_1, items: [{ price: "price_missing" }] }] })).rejects.toMatchObject({
      statusCode: 404,
      param: "phases[0][items][0][price]",
    });
    // Nothing was changed by the refused updates.
    expect((await h.stripe.subscriptionSchedules.retrieve(schedule.id)).phases.map((p) => [p.start_date, p.end_date])).toEqual([[JAN_1, FEB_1]]);
  });

  it("refuses to update, release or cancel a schedule that was released or canceled", async () => {
    const schedule = await h.stripe.subscriptionSchedules.create({ from_subscription: cs.subscription.id });
    await h.stripe.subscriptionSchedules.release(schedule.id);
    await expect(h.stripe.subscriptionSchedules.update(schedule.id, { metadata: { a: "b" } })).rejects.toMatchObject({
      statusCode: 400,
      type: "StripeInvalidRequestError",
      message: expect.stringMatching(/^You cannot update a subscription schedule that is currently in the `released` status\./),
    });
    await expect(h.stripe.subscriptionSchedules.release(schedule.id)).rejects.toMatchObject({ statusCode: 400 });
    await expect(h.stripe.subscriptionSchedules.cancel(schedule.id)).rejects.toMatchObject({ statusCode: 400 });

    const again = await h.stripe.subscriptionSchedules.create({ from_subscription: cs.subscription.id });
    await h.stripe.subscriptionSchedules.cancel(again.id, { invoice_now: false, prorate: false });
    await expect(h.stripe.subscriptionSchedules.update(again.id, { end_behavior: "cancel" })).rejects.toMatchObject({
      statusCode: 400,
      message: expect.stringMatching(/currently in the `canceled` status/),
    });
  });

  it("refuses a cancel_at_period_end change on a subscription the schedule manages, but takes its metadata", async () => {
    const schedule = await h.stripe.subscriptionSchedules.create({ from_subscription: cs.subscription.id });
    await expect(h.stripe.subscriptions.update(cs.subscription.id, { cancel_at_period_end: true })).rejects.toMatchObject({
      statusCode: 400,
      message: `The subscription is managed by the subscription schedule \`${schedule.id}\`, and updating any cancelation behavior directly is not allowed. Please update the schedule instead.`,
    });
    const updated = await h.stripe.subscriptions.update(cs.subscription.id, { metadata: { note: "kept" } });
    expect(updated).toMatchObject({ metadata: { note: "kept" }, cancel_at_period_end: false, schedule: schedule.id });
  });
});
