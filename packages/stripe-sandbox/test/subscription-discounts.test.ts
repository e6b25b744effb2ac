import type Stripe from "stripe";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { advance, eventCount, FEB_1, HOUR, JAN_1, MAR_1, monthlyPrice, subscribeOnClock, typesSince } from "./billing-helpers";
import { startHarness, type Harness } from "./helpers";

const APR_1 = 1775001600;
const MAY_1 = 1777593600;

describe("subscription discounts over their duration", () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(() => h.close());

  const invoiceAt = async (sub: string, expand: string[] = []) => {
    const latest = (await h.stripe.subscriptions.retrieve(sub)).latest_invoice;
    return h.stripe.invoices.retrieve(String(latest), { expand });
  };
  const renew = async (clock: string, boundary: number) => {
    await advance(h, clock, boundary + 2 * HOUR);
  };

  it("takes a repeating coupon off each invoice for its months, then ends the discount", async () => {
    const coupon = await h.stripe.coupons.create({ percent_off: 50, duration: "repeating", duration_in_months: 2 });
    const promo = await h.stripe.promotionCodes.create({ promotion: { type: "coupon", coupon: coupon.id }, code: "HALFOFF" });
    const price = await monthlyPrice(h.stripe, "Starter", 900);
    const cs = await subscribeOnClock(h, { price, session: { discounts: [{ promotion_code: promo.id }] } });

    const sub = await h.stripe.subscriptions.retrieve(cs.subscription.id, { expand: ["discounts"] });
    const discount = sub.discounts[0] as Stripe.Discount;
    expect(discount).toMatchObject({ object: "discount", subscription: sub.id, customer: cs.customer.id, promotion_code: promo.id, start: JAN_1, end: MAR_1, source: { coupon: coupon.id } });

    const first = await invoiceAt(sub.id, ["payments.data.payment.payment_intent"]);
    expect(first).toMatchObject({ subtotal: 900, total: 450, amount_due: 450, amount_paid: 450, discounts: [discount.id], total_discount_amounts: [{ amount: 450, discount: discount.id }] });
    expect(first.lines.data[0]?.discount_amounts).toEqual([{ amount: 450, discount: discount.id }]);
    expect((first.payments?.data[0]?.payment.payment_intent as Stripe.PaymentIntent).amount).toBe(450);

    await renew(cs.clock.id, FEB_1);
    expect(await invoiceAt(sub.id)).toMatchObject({ status: "paid", subtotal: 900, total: 450 });
    const mark = eventCount(h);
    await renew(cs.clock.id, MAR_1);
    expect(await invoiceAt(sub.id)).toMatchObject({ status: "paid", subtotal: 900, total: 900, discounts: [], total_discount_amounts: [] });
    expect(typesSince(h, mark)).toContain("customer.discount.deleted");
    expect((await h.stripe.subscriptions.retrieve(sub.id)).discounts).toEqual([]);
  });

  it("uses a once coupon on the first invoice only, and keeps a forever coupon", async () => {
    const once = await h.stripe.coupons.create({ amount_off: 300, currency: "usd", duration: "once" });
    const a = await subscribeOnClock(h, { session: { discounts: [{ coupon: once.id }] } });
    expect(await invoiceAt(a.subscription.id)).toMatchObject({ total: 700 });
    await renew(a.clock.id, FEB_1);
    expect(await invoiceAt(a.subscription.id)).toMatchObject({ total: 1000, discounts: [] });

    const forever = await h.stripe.coupons.create({ percent_off: 10, duration: "forever" });
    const b = await subscribeOnClock(h, { session: { discounts: [{ coupon: forever.id }] } });
    for (const boundary of [FEB_1, MAR_1, APR_1, MAY_1]) await renew(b.clock.id, boundary);
    expect(await invoiceAt(b.subscription.id)).toMatchObject({ total: 900 });
  });

  it("shows the discount in a renewal preview", async () => {
    const coupon = await h.stripe.coupons.create({ percent_off: 25, duration: "forever" });
    const cs = await subscribeOnClock(h, { session: { discounts: [{ coupon: coupon.id }] } });
    const preview = await h.stripe.invoices.createPreview({ customer: cs.customer.id, subscription: cs.subscription.id });
    expect(preview).toMatchObject({ subtotal: 1000, total: 750, amount_due: 750 });
  });
});
