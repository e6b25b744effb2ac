import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHarness, type Harness } from "./helpers";
import { missingFixtureKeys } from "./fixtures";
import { advance, FEB_1, HOUR, JAN_1, DAY, monthlyPrice, subscribeOnClock } from "./billing-helpers";

describe("billing objects carry at least the keys of Stripe's published fixtures", () => {
  let h: Harness;
  const objects: Record<string, unknown> = {};

  beforeAll(async () => {
    h = await startHarness();
    const { stripe } = h;
    const cs = await subscribeOnClock(h);
    objects["test clock"] = await stripe.testHelpers.testClocks.retrieve(cs.clock.id);
    const premium = await monthlyPrice(stripe, "Premium plan", 3000);
    await advance(h, cs.clock.id, JAN_1 + 10 * DAY);
    const itemId = String(cs.subscription.items.data[0]?.id);
    objects["preview invoice"] = await stripe.invoices.createPreview({ subscription: cs.subscription.id, subscription_details: { items: [{ id: itemId, price: premium.id }] } });
    await stripe.subscriptions.update(cs.subscription.id, { items: [{ id: itemId, price: premium.id }] });
    objects["proration invoice item"] = (await stripe.invoiceItems.list({ customer: cs.customer.id, pending: true })).data[0];
    await advance(h, cs.clock.id, FEB_1 + 2 * HOUR);
    const sub = await stripe.subscriptions.retrieve(cs.subscription.id);
    objects["subscription after renewal"] = sub;
    const renewal = await stripe.invoices.retrieve(String(sub.latest_invoice));
    objects["renewal invoice"] = renewal;
    objects["proration line"] = renewal.lines.data.find((l) => l.parent?.subscription_item_details?.proration);
    objects["invoice payment"] = (await stripe.invoicePayments.list({ invoice: renewal.id })).data[0];
    const schedule = await stripe.subscriptionSchedules.create({ from_subscription: sub.id });
    objects["subscription schedule"] = schedule;
    objects["released subscription schedule"] = await stripe.subscriptionSchedules.release(schedule.id);
  });

  afterAll(() => h.close());

  const cases: [label: string, fixture: string][] = [
    ["test clock", "test_helpers.test_clock"],
    ["preview invoice", "invoice"],
    ["proration invoice item", "invoiceitem"],
    ["subscription after renewal", "subscription"],
    ["renewal invoice", "invoice"],
    ["proration line", "line_item"],
    ["invoice payment", "invoice_payment"],
    ["subscription schedule", "subscription_schedule"],
    ["released subscription schedule", "subscription_schedule"],
  ];

  it.each(cases)("a %s has every key of the fixture", (label, fixture) => {
    expect(objects[label], `${label} was not produced`).toBeDefined();
    expect(missingFixtureKeys(fixture, objects[label])).toEqual([]);
  });
});
