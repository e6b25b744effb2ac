import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { missingFixtureKeys } from "./fixtures";
import { control, startHarness, type Harness } from "./helpers";

describe("coupons and promotion codes", () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(() => h.close());

  const now = async () => (await control<{ now: number }>(h.sandbox, "/_sandbox/clock/advance", { seconds: 0 })).json.now;

  it("creates coupons in Stripe's shape, percent or amount off, for once, some months or forever", async () => {
    const percent = await h.stripe.coupons.create({ percent_off: 20, duration: "once", name: "Launch" });
    expect(percent).toMatchObject({ object: "coupon", percent_off: 20, amount_off: null, currency: null, duration: "once", duration_in_months: null, times_redeemed: 0, valid: true, name: "Launch" });
    expect(missingFixtureKeys("coupon", percent)).toEqual([]);
    const fixed = await h.stripe.coupons.create({ id: "FIVE-OFF", amount_off: 500, currency: "usd", duration: "repeating", duration_in_months: 3 });
    expect(fixed).toMatchObject({ id: "FIVE-OFF", amount_off: 500, currency: "usd", duration: "repeating", duration_in_months: 3 });
    const forever = await h.stripe.coupons.create({ percent_off: 10, duration: "forever" });
    expect(forever.duration).toBe("forever");
    expect((await h.stripe.coupons.list()).data.map((c) => c.id)).toEqual([forever.id, "FIVE-OFF", percent.id]);
  });

  it("refuses coupons Stripe refuses", async () => {
    await expect(h.stripe.coupons.create({ percent_off: 10, amount_off: 100, currency: "usd" })).rejects.toMatchObject({ message: "You may only specify one of these parameters: amount_off, percent_off." });
    await expect(h.stripe.coupons.create({ amount_off: 100 })).rejects.toMatchObject({ param: "currency" });
    await expect(h.stripe.coupons.create({ percent_off: 120 })).rejects.toMatchObject({ param: "percent_off" });
    await expect(h.stripe.coupons.create({ percent_off: 10, duration: "repeating" })).rejects.toMatchObject({ code: "parameter_missing", param: "duration_in_months" });
    await h.stripe.coupons.create({ id: "TAKEN", percent_off: 10 });
    await expect(h.stripe.coupons.create({ id: "TAKEN", percent_off: 10 })).rejects.toMatchObject({ code: "resource_already_exists", message: "Coupon already exists." });
    await expect(h.stripe.coupons.create({ percent_off: 10, applies_to: { products: ["prod_missing"] } })).rejects.toMatchObject({ code: "resource_missing" });
  });

  it("keeps applies_to out of the coupon unless it is expanded", async () => {
    const product = await h.stripe.products.create({ name: "Coins" });
    const coupon = await h.stripe.coupons.create({ percent_off: 20, applies_to: { products: [product.id] } });
    expect(coupon).not.toHaveProperty("applies_to");
    expect((await h.stripe.coupons.retrieve(coupon.id, { expand: ["applies_to"] })).applies_to).toEqual({ products: [product.id] });
  });

  it("goes invalid past redeem_by, and a deleted coupon can't be retrieved", async () => {
    const coupon = await h.stripe.coupons.create({ percent_off: 20, redeem_by: (await now()) + 3600 });
    await control(h.sandbox, "/_sandbox/clock/advance", { seconds: 3601 });
    expect((await h.stripe.coupons.retrieve(coupon.id)).valid).toBe(false);
    await expect(h.stripe.coupons.del(coupon.id)).resolves.toEqual({ id: coupon.id, object: "coupon", deleted: true });
    await expect(h.stripe.coupons.retrieve(coupon.id)).rejects.toMatchObject({ statusCode: 404, code: "resource_missing" });
  });

  it("creates promotion codes under promotion.coupon, as the dahlia-era API has them", async () => {
    const coupon = await h.stripe.coupons.create({ percent_off: 20 });
    const promo = await h.stripe.promotionCodes.create({
      promotion: { type: "coupon", coupon: coupon.id },
      code: "LAUNCH20",
      max_redemptions: 5,
      restrictions: { first_time_transaction: true, minimum_amount: 1000, minimum_amount_currency: "usd" },
    });
    expect(promo).toMatchObject({
      object: "promotion_code",
      code: "LAUNCH20",
      active: true,
      promotion: { type: "coupon", coupon: coupon.id },
      restrictions: { first_time_transaction: true, minimum_amount: 1000, minimum_amount_currency: "usd" },
      times_redeemed: 0,
      max_redemptions: 5,
    });
    expect(promo.id).toMatch(/^promo_/);
    expect(missingFixtureKeys("promotion_code", promo)).toEqual([]);
    const generated = await h.stripe.promotionCodes.create({ promotion: { type: "coupon", coupon: coupon.id } });
    expect(generated.code).toMatch(/^[A-Z0-9]{8}$/);
  });

  it("lists promotion codes by code (case-insensitive), coupon and active, and refuses a second active code of the same name", async () => {
    const coupon = await h.stripe.coupons.create({ percent_off: 20 });
    const promo = await h.stripe.promotionCodes.create({ promotion: { type: "coupon", coupon: coupon.id }, code: "Spring" });
    expect((await h.stripe.promotionCodes.list({ code: "SPRING" })).data.map((p) => p.id)).toEqual([promo.id]);
    expect((await h.stripe.promotionCodes.list({ coupon: coupon.id })).data).toHaveLength(1);
    await expect(h.stripe.promotionCodes.create({ promotion: { type: "coupon", coupon: coupon.id }, code: "spring" })).rejects.toMatchObject({ param: "code" });
    await h.stripe.promotionCodes.update(promo.id, { active: false });
    expect((await h.stripe.promotionCodes.list({ active: true })).data).toEqual([]);
    await expect(h.stripe.promotionCodes.create({ promotion: { type: "coupon", coupon: coupon.id }, code: "spring" })).resolves.toMatchObject({ active: true });
  });

  it("shows a code inactive once expired, and refuses limits beyond its coupon's", async () => {
    const t = await now();
    const coupon = await h.stripe.coupons.create({ percent_off: 20, max_redemptions: 2, redeem_by: t + 86_400 });
    await expect(h.stripe.promotionCodes.create({ promotion: { type: "coupon", coupon: coupon.id }, max_redemptions: 3 })).rejects.toMatchObject({ param: "max_redemptions" });
    await expect(h.stripe.promotionCodes.create({ promotion: { type: "coupon", coupon: coupon.id }, expires_at: t + 2 * 86_400 })).rejects.toMatchObject({ param: "expires_at" });
    const promo = await h.stripe.promotionCodes.create({ promotion: { type: "coupon", coupon: coupon.id }, expires_at: t + 600 });
    await control(h.sandbox, "/_sandbox/clock/advance", { seconds: 601 });
    expect((await h.stripe.promotionCodes.retrieve(promo.id)).active).toBe(false);
  });

  it("takes the coupon only under promotion (the top-level coupon parameter is gone)", async () => {
    const coupon = await h.stripe.coupons.create({ percent_off: 20 });
    const legacy = fetch(`${h.sandbox.url}/v1/promotion_codes`, {
      method: "POST",
      headers: { Authorization: "Bearer sk_test_x", "Content-Type": "application/x-www-form-urlencoded" },
      body: `coupon=${coupon.id}`,
    }).then((r) => r.json() as Promise<{ error: { code: string; param: string } }>);
    expect((await legacy).error).toMatchObject({ code: "parameter_unknown", param: "coupon" });
  });
});
