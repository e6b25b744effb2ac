import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startHarness, type Harness } from "./helpers";
import { advance, DAY, eventCount, FEB_1, HOUR, JAN_1, monthlyPrice, subscribeOnClock, switchToFailingCard, typesSince, type ClockSubscription } from "./billing-helpers";

/** Jan 16, 00:00: 16 of the period's 31 days remain. */
const MID_JANUARY = JAN_1 + 15 * DAY;

describe("plan changes through subscriptions.update", () => {
  let h: Harness;
  let cs: ClockSubscription;
  let premiumId: string;
  let itemId: string;

  beforeEach(async () => {
    h = await startHarness();
    cs = await subscribeOnClock(h);
    premiumId = (await monthlyPrice(h.stripe, "Premium plan", 3000)).id;
    itemId = String(cs.subscription.items.data[0]?.id);
    await advance(h, cs.clock.id, MID_JANUARY);
  });
  afterEach(() => h.close());

  it("charges an always_invoice upgrade exactly the amount the preview showed for the same proration_date", async () => {
    const preview = await h.stripe.invoices.createPreview({
      customer: cs.customer.id,
      subscription: cs.subscription.id,
      subscription_details: { items: [{ id: itemId, price: premiumId }], proration_behavior: "always_invoice", proration_date: MID_JANUARY },
    });
    // −round(1000 × 16/31) + round(3000 × 16/31) = −516 + 1548.
    expect(preview.lines.data.map((l) => [l.amount, l.parent?.subscription_item_details?.proration])).toEqual([
      [-516, true],
      [1548, true],
    ]);
    expect(preview.amount_due).toBe(1032);
    expect(preview.id).toMatch(/^upcoming_in_/);

    const mark = eventCount(h);
    const sub = await h.stripe.subscriptions.update(cs.subscription.id, {
      items: [{ id: itemId, price: premiumId }],
      proration_behavior: "always_invoice",
      proration_date: MID_JANUARY,
    });
    expect(sub.items.data[0]?.price.id).toBe(premiumId);
    expect(sub.items.data[0]?.current_period_end).toBe(FEB_1);
    const invoice = await h.stripe.invoices.retrieve(String(sub.latest_invoice));
    expect(invoice).toMatchObject({ billing_reason: "subscription_update", status: "paid", amount_due: preview.amount_due, amount_paid: 1032 });
    expect(invoice.lines.data.map((l) => l.amount)).toEqual(preview.lines.data.map((l) => l.amount));
    expect(typesSince(h, mark)).toEqual(expect.arrayContaining(["customer.subscription.updated", "invoiceitem.created", "invoice.created", "invoice.finalized", "invoice.paid"]));
  });

  it("answers 402 for error_if_incomplete on a failing card and leaves the plan and invoices unchanged", async () => {
    await switchToFailingCard(h.stripe, cs);
    const invoicesBefore = (await h.stripe.invoices.list({ subscription: cs.subscription.id })).data.length;
    await expect(
      h.stripe.subscriptions.update(cs.subscription.id, { items: [{ id: itemId, price: premiumId }], proration_behavior: "always_invoice", payment_behavior: "error_if_incomplete" }),
    ).rejects.toMatchObject({ statusCode: 402, type: "StripeCardError", code: "card_declined" });
    const sub = await h.stripe.subscriptions.retrieve(cs.subscription.id);
    expect(sub.items.data[0]?.price.id).toBe(cs.price.id);
    expect(sub.status).toBe("active");
    expect((await h.stripe.invoices.list({ subscription: cs.subscription.id })).data).toHaveLength(invoicesBefore);
  });

  it("makes the subscription past_due when an allow_incomplete upgrade's charge fails, keeping the new plan", async () => {
    await switchToFailingCard(h.stripe, cs);
    const sub = await h.stripe.subscriptions.update(cs.subscription.id, { items: [{ id: itemId, price: premiumId }], proration_behavior: "always_invoice" });
    expect(sub).toMatchObject({ status: "past_due" });
    expect(sub.items.data[0]?.price.id).toBe(premiumId);
    expect((await h.stripe.invoices.retrieve(String(sub.latest_invoice))).status).toBe("open");
  });

  it("keeps a pending_if_incomplete change in pending_update until its invoice is paid, then applies it", async () => {
    await switchToFailingCard(h.stripe, cs);
    const sub = await h.stripe.subscriptions.update(cs.subscription.id, {
      items: [{ id: itemId, price: premiumId }],
      proration_behavior: "always_invoice",
      payment_behavior: "pending_if_incomplete",
    });
    expect(sub.status).toBe("active");
    expect(sub.items.data[0]?.price.id).toBe(cs.price.id);
    expect(sub.pending_update?.subscription_items?.[0]).toMatchObject({ id: itemId, price: { id: premiumId } });
    expect(sub.pending_update?.expires_at).toBe(MID_JANUARY + 23 * HOUR);
    const mark = eventCount(h);
    await h.stripe.invoices.pay(String(sub.latest_invoice), { payment_method: "pm_card_visa" });
    const after = await h.stripe.subscriptions.retrieve(cs.subscription.id);
    expect(after.pending_update).toBeNull();
    expect(after.items.data[0]?.price.id).toBe(premiumId);
    expect(typesSince(h, mark)).toContain("customer.subscription.pending_update_applied");
  });

  it("drops an unpaid pending update when it expires and voids its invoice", async () => {
    await switchToFailingCard(h.stripe, cs);
    const sub = await h.stripe.subscriptions.update(cs.subscription.id, {
      items: [{ id: itemId, price: premiumId }],
      proration_behavior: "always_invoice",
      payment_behavior: "pending_if_incomplete",
    });
    const mark = eventCount(h);
    await advance(h, cs.clock.id, MID_JANUARY + DAY);
    const after = await h.stripe.subscriptions.retrieve(cs.subscription.id);
    expect(after.pending_update).toBeNull();
    expect(after.items.data[0]?.price.id).toBe(cs.price.id);
    expect((await h.stripe.invoices.retrieve(String(sub.latest_invoice))).status).toBe("void");
    expect(typesSince(h, mark)).toContain("customer.subscription.pending_update_expired");
  });

  it("leaves create_prorations items pending until the next renewal invoice collects them", async () => {
    await h.stripe.subscriptions.update(cs.subscription.id, { items: [{ id: itemId, price: premiumId }], proration_date: MID_JANUARY });
    const pending = await h.stripe.invoiceItems.list({ customer: cs.customer.id, pending: true });
    expect(pending.data.map((ii) => ii.amount).sort((a, b) => a - b)).toEqual([-516, 1548]);
    const preview = await h.stripe.invoices.createPreview({ subscription: cs.subscription.id });
    expect(preview.amount_due).toBe(3000 + 1032);
    await advance(h, cs.clock.id, FEB_1 + 2 * HOUR);
    const sub = await h.stripe.subscriptions.retrieve(cs.subscription.id);
    const renewal = await h.stripe.invoices.retrieve(String(sub.latest_invoice));
    expect(renewal).toMatchObject({ billing_reason: "subscription_cycle", amount_paid: preview.amount_due, status: "paid" });
    expect(renewal.lines.data.filter((l) => l.parent?.subscription_item_details?.proration)).toHaveLength(2);
    expect((await h.stripe.invoiceItems.list({ customer: cs.customer.id, pending: true })).data).toEqual([]);
  });

  it("leaves a default_incomplete upgrade's invoice open and unattempted, with the subscription past_due until it is paid", async () => {
    const sub = await h.stripe.subscriptions.update(cs.subscription.id, {
      items: [{ id: itemId, price: premiumId }],
      proration_behavior: "always_invoice",
      payment_behavior: "default_incomplete",
    });
    expect(sub.status).toBe("past_due");
    const invoice = await h.stripe.invoices.retrieve(String(sub.latest_invoice));
    expect(invoice).toMatchObject({ status: "open", attempt_count: 0, amount_due: 1032 });
    await h.stripe.invoices.pay(invoice.id);
    expect((await h.stripe.subscriptions.retrieve(cs.subscription.id)).status).toBe("active");
  });

  it("changes the price without prorations when proration_behavior is none", async () => {
    const sub = await h.stripe.subscriptions.update(cs.subscription.id, { items: [{ id: itemId, price: premiumId }], proration_behavior: "none" });
    expect(sub.items.data[0]?.price.id).toBe(premiumId);
    expect(sub.latest_invoice).toBe(cs.subscription.latest_invoice);
    expect((await h.stripe.invoiceItems.list({ customer: cs.customer.id, pending: true })).data).toEqual([]);
  });

  it("drops pending prorations when canceled without prorate or invoice_now, as Stripe does", async () => {
    await h.stripe.subscriptions.update(cs.subscription.id, { items: [{ id: itemId, price: premiumId }], proration_date: MID_JANUARY });
    const mark = eventCount(h);
    await h.stripe.subscriptions.cancel(cs.subscription.id);
    expect((await h.stripe.invoiceItems.list({ customer: cs.customer.id, pending: true })).data).toEqual([]);
    expect(typesSince(h, mark)).toEqual(["customer.subscription.deleted", "invoiceitem.deleted", "invoiceitem.deleted"]);
  });

  it("bills the pending prorations and the unused time on a final invoice when canceled with prorate and invoice_now", async () => {
    await h.stripe.subscriptions.update(cs.subscription.id, { items: [{ id: itemId, price: premiumId }], proration_date: MID_JANUARY });
    const sub = await h.stripe.subscriptions.cancel(cs.subscription.id, { prorate: true, invoice_now: true });
    const final = await h.stripe.invoices.retrieve(String(sub.latest_invoice));
    // −516 + 1548 from the upgrade, then −1548 for the unused half of the new price: a credit of 516.
    expect(final.lines.data.map((l) => l.amount)).toEqual([-516, 1548, -1548]);
    expect(final).toMatchObject({ status: "paid", amount_due: 0, total: -516 });
  });

  it("refuses plan changes to a canceled subscription with invalid_canceled_subscription_fields, but still takes metadata", async () => {
    await h.stripe.subscriptions.cancel(cs.subscription.id);
    await expect(h.stripe.subscriptions.update(cs.subscription.id, { items: [{ id: itemId, price: premiumId }] })).rejects.toMatchObject({
      statusCode: 400,
      code: "invalid_canceled_subscription_fields",
    });
    const updated = await h.stripe.subscriptions.update(cs.subscription.id, { metadata: { note: "after" } });
    expect(updated.metadata).toEqual({ note: "after" });
  });
});
