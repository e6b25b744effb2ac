import { afterEach, describe, expect, it } from "vitest";
import { control, startHarness, type Harness } from "./helpers";
import { advance, DAY, eventCount, eventsSince, FEB_1, HOUR, MAR_1, subscribeOnClock, switchToFailingCard, typesSince, type ClockSubscription } from "./billing-helpers";

/** The last of the three retries (days 3, 5, 7 after each failure) fails 15 days after the first attempt. */
const AFTER_DUNNING = FEB_1 + 20 * DAY;

async function failedThroughDunning(h: Harness): Promise<ClockSubscription> {
  const cs = await subscribeOnClock(h);
  await switchToFailingCard(h.stripe, cs);
  await advance(h, cs.clock.id, AFTER_DUNNING);
  return cs;
}

async function postForm(url: string, fields: Record<string, string>): Promise<Response> {
  return fetch(url, { method: "POST", redirect: "manual", headers: { "Content-Type": "application/x-www-form-urlencoded" }, body: new URLSearchParams(fields).toString() });
}

describe("the Dashboard's three endings of dunning, as an account setting", () => {
  let h: Harness;
  afterEach(() => h.close());

  it("cancels the subscription by default, and shows and refuses settings through /_sandbox/settings", async () => {
    h = await startHarness();
    expect(await control(h.sandbox, "/_sandbox/settings")).toEqual({ status: 200, json: { after_final_retry: "cancel" } });
    expect(await control(h.sandbox, "/_sandbox/settings", { after_final_retry: "never" })).toMatchObject({ status: 400, json: { error: { param: "after_final_retry" } } });
    expect(await control(h.sandbox, "/_sandbox/settings", { retries: 8 })).toMatchObject({ status: 400 });
    const cs = await failedThroughDunning(h);
    expect(await h.stripe.subscriptions.retrieve(cs.subscription.id)).toMatchObject({ status: "canceled", cancellation_details: { reason: "payment_failed" } });
  });

  it("marks the subscription unpaid after the last retry, keeping its invoice open and making later renewals drafts nobody collects", async () => {
    h = await startHarness();
    expect(await control(h.sandbox, "/_sandbox/settings", { after_final_retry: "unpaid" })).toEqual({ status: 200, json: { after_final_retry: "unpaid" } });
    const cs = await subscribeOnClock(h);
    await switchToFailingCard(h.stripe, cs);
    let mark = eventCount(h);
    await advance(h, cs.clock.id, AFTER_DUNNING);
    const sub = await h.stripe.subscriptions.retrieve(cs.subscription.id);
    expect(sub).toMatchObject({ status: "unpaid", ended_at: null });
    const failed = await h.stripe.invoices.retrieve(String(sub.latest_invoice));
    expect(failed).toMatchObject({ status: "open", attempt_count: 4, next_payment_attempt: null });
    const statusChanges = eventsSince(h, mark)
      .filter((e) => e.type === "customer.subscription.updated" && e.data.previous_attributes?.["status"] !== undefined)
      .map((e) => [e.data.previous_attributes?.["status"], e.data.object["status"]]);
    expect(statusChanges).toEqual([
      ["active", "past_due"],
      ["past_due", "unpaid"],
    ]);
    expect(typesSince(h, mark)).not.toContain("customer.subscription.deleted");

    mark = eventCount(h);
    await advance(h, cs.clock.id, MAR_1 + 2 * HOUR);
    const renewed = await h.stripe.subscriptions.retrieve(cs.subscription.id);
    expect(renewed.status).toBe("unpaid");
    expect(renewed.items.data[0]?.current_period_start).toBe(MAR_1);
    const draft = await h.stripe.invoices.retrieve(String(renewed.latest_invoice));
    expect(draft).toMatchObject({ status: "draft", billing_reason: "subscription_cycle", auto_advance: false, attempt_count: 0, next_payment_attempt: null });
    expect(typesSince(h, mark)).toEqual(expect.arrayContaining(["invoice.created", "customer.subscription.updated"]));
    for (const type of ["invoice.finalized", "charge.failed", "invoice.payment_failed"]) expect(typesSince(h, mark)).not.toContain(type);
  });

  it("brings an unpaid subscription back to active when its open invoice is paid", async () => {
    h = await startHarness({ settings: { afterFinalRetry: "unpaid" } });
    const cs = await failedThroughDunning(h);
    const invoiceId = String((await h.stripe.subscriptions.retrieve(cs.subscription.id)).latest_invoice);
    const mark = eventCount(h);
    expect(await h.stripe.invoices.pay(invoiceId, { payment_method: "pm_card_visa" })).toMatchObject({ status: "paid" });
    expect((await h.stripe.subscriptions.retrieve(cs.subscription.id)).status).toBe("active");
    expect(typesSince(h, mark)).toEqual(expect.arrayContaining(["invoice.paid", "invoice.payment_succeeded", "customer.subscription.updated"]));
    const update = eventsSince(h, mark).find((e) => e.type === "customer.subscription.updated");
    expect(update?.data.previous_attributes).toEqual({ status: "unpaid" });
  });

  it("pays an unpaid subscription's invoice with the new card from the billing portal", async () => {
    h = await startHarness({ settings: { afterFinalRetry: "unpaid" } });
    const cs = await failedThroughDunning(h);
    const portal = await h.stripe.billingPortal.sessions.create({ customer: cs.customer.id, flow_data: { type: "payment_method_update" } });
    const res = await postForm(`${portal.url}/payment_method`, { cardNumber: "4242 4242 4242 4242", cardExpiry: "12/40", cardCvc: "123" });
    expect(res.status).toBeLessThan(400);
    const sub = await h.stripe.subscriptions.retrieve(cs.subscription.id);
    expect(sub.status).toBe("active");
    expect((await h.stripe.invoices.retrieve(String(sub.latest_invoice))).status).toBe("paid");
  });

  it("leaves the subscription past_due after the last retry, and still charges its next renewal", async () => {
    h = await startHarness();
    await control(h.sandbox, "/_sandbox/settings", { after_final_retry: "past_due" });
    const cs = await subscribeOnClock(h);
    await switchToFailingCard(h.stripe, cs);
    let mark = eventCount(h);
    await advance(h, cs.clock.id, AFTER_DUNNING);
    const sub = await h.stripe.subscriptions.retrieve(cs.subscription.id);
    expect(sub.status).toBe("past_due");
    const unpaid = await h.stripe.invoices.retrieve(String(sub.latest_invoice));
    expect(unpaid).toMatchObject({ status: "open", attempt_count: 4, next_payment_attempt: null });
    expect(typesSince(h, mark)).not.toContain("customer.subscription.deleted");

    const good = await h.stripe.paymentMethods.attach("pm_card_visa", { customer: cs.customer.id });
    await h.stripe.subscriptions.update(cs.subscription.id, { default_payment_method: good.id });
    mark = eventCount(h);
    await advance(h, cs.clock.id, MAR_1 + 2 * HOUR);
    const renewed = await h.stripe.subscriptions.retrieve(cs.subscription.id);
    expect(await h.stripe.invoices.retrieve(String(renewed.latest_invoice))).toMatchObject({ billing_reason: "subscription_cycle", status: "paid", amount_paid: 1000 });
    // Paying the newest invoice makes it active; the older one stays open, as Stripe leaves it.
    expect(renewed.status).toBe("active");
    expect((await h.stripe.invoices.retrieve(unpaid.id)).status).toBe("open");
    expect(typesSince(h, mark)).toEqual(expect.arrayContaining(["invoice.finalized", "charge.succeeded", "invoice.paid"]));
  });

  it("aborts the schedule of a subscription that dunning cancels", async () => {
    h = await startHarness();
    const cs = await subscribeOnClock(h);
    const schedule = await h.stripe.subscriptionSchedules.create({ from_subscription: cs.subscription.id });
    await h.stripe.subscriptionSchedules.update(schedule.id, { phases: [{ start_date: schedule.current_phase?.start_date ?? 0, end_date: MAR_1 + DAY, items: [{ price: cs.price.id }] }] });
    await switchToFailingCard(h.stripe, cs);
    const mark = eventCount(h);
    await advance(h, cs.clock.id, AFTER_DUNNING);
    expect(await h.stripe.subscriptionSchedules.retrieve(schedule.id)).toMatchObject({ status: "canceled", canceled_at: FEB_1 + HOUR + 15 * DAY });
    expect(typesSince(h, mark)).toEqual(expect.arrayContaining(["customer.subscription.deleted", "subscription_schedule.aborted"]));
  });
});
