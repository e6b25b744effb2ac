import type Stripe from "stripe";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { missingFixtureKeys } from "./fixtures";
import { control, startHarness, type Harness } from "./helpers";

type PayReply = { status: string; error?: { type: string; message: string; code?: string }; payment_intent: Stripe.PaymentIntent | null; session: Stripe.Checkout.Session };

describe("discounts in Checkout", () => {
  let h: Harness;
  let coins: Stripe.Price;
  let sticker: Stripe.Price;
  beforeEach(async () => {
    h = await startHarness();
    const coinProduct = await h.stripe.products.create({ name: "Coin pack" });
    coins = await h.stripe.prices.create({ product: coinProduct.id, unit_amount: 1500, currency: "usd" });
    const stickerProduct = await h.stripe.products.create({ name: "Sticker" });
    sticker = await h.stripe.prices.create({ product: stickerProduct.id, unit_amount: 1000, currency: "usd" });
  });
  afterEach(() => h.close());

  const promotionCode = async (coupon: Stripe.CouponCreateParams, extra: Partial<Stripe.PromotionCodeCreateParams> = {}) => {
    const created = await h.stripe.coupons.create(coupon);
    return h.stripe.promotionCodes.create({ promotion: { type: "coupon", coupon: created.id }, ...extra });
  };
  const session = (extra: Partial<Stripe.Checkout.SessionCreateParams> = {}) =>
    h.stripe.checkout.sessions.create({ mode: "payment", line_items: [{ price: coins.id, quantity: 2 }], success_url: "https://shop.example/ok", ...extra });
  const pay = (id: string, body: Record<string, unknown> = {}) => control<PayReply>(h.sandbox, `/_sandbox/checkout/sessions/${id}/pay`, body);

  it("takes a pre-applied promotion code off the session, its line items, the PaymentIntent and the charge", async () => {
    const promo = await promotionCode({ percent_off: 20 }, { code: "LAUNCH20" });
    const s = await session({ discounts: [{ promotion_code: promo.id }] });
    expect(s).toMatchObject({ amount_subtotal: 3000, amount_total: 2400, total_details: { amount_discount: 600, amount_shipping: 0, amount_tax: 0 }, discounts: [{ coupon: null, promotion_code: promo.id }] });
    const expanded = await h.stripe.checkout.sessions.retrieve(s.id, { expand: ["line_items.data.discounts", "total_details.breakdown"] });
    const line = expanded.line_items?.data[0];
    expect(line).toMatchObject({ amount_subtotal: 3000, amount_discount: 600, amount_total: 2400 });
    const discount = line?.discounts?.[0]?.discount as Stripe.Discount;
    expect(discount).toMatchObject({ object: "discount", promotion_code: promo.id, checkout_session: s.id, source: { type: "coupon", coupon: promo.promotion.coupon } });
    expect(missingFixtureKeys("discount", discount)).toEqual([]);
    expect(expanded.total_details?.breakdown?.discounts).toEqual([{ amount: 600, discount }]);

    const reply = await pay(s.id);
    expect(reply.json.status).toBe("complete");
    const pi = await h.stripe.paymentIntents.retrieve(String(reply.json.payment_intent?.id), { expand: ["latest_charge"] });
    expect(pi.amount).toBe(2400);
    expect((pi.latest_charge as Stripe.Charge).amount).toBe(2400);
    expect((await h.stripe.promotionCodes.retrieve(promo.id)).times_redeemed).toBe(1);
    expect((await h.stripe.coupons.retrieve(promo.promotion.coupon as string)).times_redeemed).toBe(1);
    await expect(h.stripe.refunds.create({ payment_intent: pi.id, amount: 2401 })).rejects.toMatchObject({ type: "StripeInvalidRequestError" });
  });

  it("discounts only the products a coupon applies to, and an amount off only up to their total", async () => {
    const coupon = await h.stripe.coupons.create({ amount_off: 5000, currency: "usd", applies_to: { products: [sticker.product as string] } });
    const s = await session({ line_items: [{ price: coins.id, quantity: 1 }, { price: sticker.id, quantity: 1 }], discounts: [{ coupon: coupon.id }] });
    expect(s).toMatchObject({ amount_subtotal: 2500, amount_total: 1500, total_details: { amount_discount: 1000 }, discounts: [{ coupon: coupon.id, promotion_code: null }] });
    const lines = await h.stripe.checkout.sessions.listLineItems(s.id);
    expect(lines.data.map((l) => [l.amount_discount, l.amount_total])).toEqual([
      [0, 1500],
      [1000, 0],
    ]);
  });

  it("refuses allow_promotion_codes together with discounts, in Stripe's words", async () => {
    const coupon = await h.stripe.coupons.create({ percent_off: 10 });
    await expect(session({ allow_promotion_codes: true, discounts: [{ coupon: coupon.id }] })).rejects.toMatchObject({
      param: "allow_promotion_codes",
      message: "You may only specify one of these parameters: allow_promotion_codes, discounts.",
    });
  });

  it("refuses codes that do not apply: expired, used up, for other products, first-time only, below the minimum", async () => {
    const clock = async (seconds: number) => control(h.sandbox, "/_sandbox/clock/advance", { seconds });
    const t = (await control<{ now: number }>(h.sandbox, "/_sandbox/clock/advance", { seconds: 0 })).json.now;
    const expiring = await promotionCode({ percent_off: 10 }, { expires_at: t + 60 });
    await clock(61);
    await expect(session({ discounts: [{ promotion_code: expiring.id }] })).rejects.toMatchObject({ code: "coupon_expired", param: "discounts[0][promotion_code]" });

    const single = await promotionCode({ percent_off: 10 }, { max_redemptions: 1 });
    await pay((await session({ discounts: [{ promotion_code: single.id }] })).id);
    await expect(session({ discounts: [{ promotion_code: single.id }] })).rejects.toMatchObject({ message: expect.stringContaining("maximum number of times") as unknown });

    const stickersOnly = await h.stripe.coupons.create({ percent_off: 10, applies_to: { products: [sticker.product as string] } });
    await expect(session({ discounts: [{ coupon: stickersOnly.id }] })).rejects.toMatchObject({ param: "discounts[0][coupon]", message: expect.stringContaining("does not apply") as unknown });

    const customer = await h.stripe.customers.create({ email: "regular@example.com" });
    await pay((await session({ customer: customer.id })).id);
    const firstTime = await promotionCode({ percent_off: 10 }, { restrictions: { first_time_transaction: true } });
    await expect(session({ customer: customer.id, discounts: [{ promotion_code: firstTime.id }] })).rejects.toMatchObject({
      message: "This promotion code cannot be redeemed because the associated customer has prior transactions.",
    });
    const newcomer = await h.stripe.customers.create({ email: "new@example.com" });
    await expect(session({ customer: newcomer.id, discounts: [{ promotion_code: firstTime.id }] })).resolves.toMatchObject({ amount_total: 2700 });

    const bigOrders = await promotionCode({ percent_off: 10 }, { restrictions: { minimum_amount: 5000, minimum_amount_currency: "usd" } });
    await expect(session({ discounts: [{ promotion_code: bigOrders.id }] })).rejects.toMatchObject({ message: expect.stringContaining("at least $50.00") as unknown });
    await expect(session({ discounts: [{ promotion_code: "promo_missing" }] })).rejects.toMatchObject({ statusCode: 404, code: "resource_missing" });
  });

  it("lets the buyer enter, replace and remove a code through the control, and refuses one that expired before paying", async () => {
    const t = (await control<{ now: number }>(h.sandbox, "/_sandbox/clock/advance", { seconds: 0 })).json.now;
    await promotionCode({ percent_off: 50 }, { code: "HALF", expires_at: t + 600 });
    await promotionCode({ amount_off: 300, currency: "usd" }, { code: "THREE" });
    const s = await session({ allow_promotion_codes: true });
    const path = `/_sandbox/checkout/sessions/${s.id}/promotion_code`;
    expect((await control(h.sandbox, path, { code: "nope" })).json).toMatchObject({ error: { message: "This code is invalid." } });
    expect((await control<Stripe.Checkout.Session>(h.sandbox, path, { code: "three" })).json.amount_total).toBe(2700);
    expect((await control<Stripe.Checkout.Session>(h.sandbox, path, { code: "half" })).json.amount_total).toBe(1500);
    expect((await control<Stripe.Checkout.Session>(h.sandbox, path, { remove: true })).json).toMatchObject({ amount_total: 3000, discounts: [] });
    await control(h.sandbox, path, { code: "HALF" });
    await control(h.sandbox, "/_sandbox/clock/advance", { seconds: 601 });
    const reply = await pay(s.id);
    expect(reply.status).toBe(400);
    expect(reply.json.error).toMatchObject({ type: "invalid_request_error", code: "coupon_expired" });
    expect((await h.stripe.checkout.sessions.retrieve(s.id)).status).toBe("open");
  });

  it("completes a free order without a PaymentIntent", async () => {
    const coupon = await h.stripe.coupons.create({ percent_off: 100 });
    const s = await session({ discounts: [{ coupon: coupon.id }] });
    expect(s.amount_total).toBe(0);
    expect((await pay(s.id)).json.status).toBe("complete");
    expect(await h.stripe.checkout.sessions.retrieve(s.id)).toMatchObject({ status: "complete", payment_status: "no_payment_required", payment_intent: null });
  });

  it("shows a promotion code field on the hosted page and applies what the buyer types", async () => {
    await promotionCode({ percent_off: 20 }, { code: "LAUNCH20" });
    const s = await session({ allow_promotion_codes: true });
    const page = String(s.url);
    expect(await (await fetch(page)).text()).toContain('<label for="promotionCode">Promotion code</label>');
    const submit = (form: Record<string, string>) => fetch(`${page}/discount`, { method: "POST", body: new URLSearchParams(form), redirect: "manual" });
    expect(await (await submit({ promotionCode: "WRONG" })).text()).toContain('<div role="alert">This code is invalid.</div>');
    const applied = await submit({ promotionCode: "launch20" });
    expect(applied.status).toBe(303);
    const html = await (await fetch(page)).text();
    expect(html).toContain("Discount (LAUNCH20)");
    expect(html).toMatch(/data-testid="total">\$24\.00</);
    expect((await submit({ remove: "1" })).status).toBe(303);
    expect(await (await fetch(page)).text()).toMatch(/data-testid="total">\$30\.00</);
  });
});
