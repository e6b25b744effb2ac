import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { productByKey, type Product } from "@/lib/catalog/products";
import { trialDaysFor } from "@/lib/payments/checkout/trial";
import { addBuyer, addPurchase, type PurchaseRow } from "@/test-support/store-rows";

const product = (key: string): Product => {
  const found = productByKey(key);
  if (!found) throw new Error(`no product ${key}`);
  return found;
};
const starter = product("starter");
const earlier = (userId: string, productKey: string, status: PurchaseRow["status"]) =>
  addPurchase({ userId, productKey, status, amountCents: 0, createdAt: new Date("2026-11-01T10:00:00Z") });

beforeAll(() => {
  process.env.STOREFRONT_STARTER_TRIAL_DAYS = "7";
});
afterAll(() => {
  delete process.env.STOREFRONT_STARTER_TRIAL_DAYS;
});

describe("one free trial per buyer", () => {
  it("offers Starter's 7 days to a buyer who never started a subscription, and no trial on other products", async () => {
    const buyer = await addBuyer();
    await earlier(buyer.id, "small_pack", "paid");
    await earlier(buyer.id, "lifetime", "paid");
    expect(await trialDaysFor(buyer.id, starter)).toBe(7);
    for (const key of ["advanced", "professional", "lifetime", "medium_pack"]) expect(await trialDaysFor(buyer.id, product(key))).toBeNull();
  });

  it("offers none to a buyer whose earlier subscription started, with a trial or a paid first month, of any plan", async () => {
    const trialled = await addBuyer();
    await earlier(trialled.id, "starter", "no_payment_required");
    const paid = await addBuyer();
    await earlier(paid.id, "professional", "paid");
    expect(await trialDaysFor(trialled.id, starter)).toBeNull();
    expect(await trialDaysFor(paid.id, starter)).toBeNull();
  });

  it("offers none while the store offers no trial (STOREFRONT_STARTER_TRIAL_DAYS unset)", async () => {
    const buyer = await addBuyer();
    delete process.env.STOREFRONT_STARTER_TRIAL_DAYS;
    try {
      expect(await trialDaysFor(buyer.id, starter)).toBeNull();
    } finally {
      process.env.STOREFRONT_STARTER_TRIAL_DAYS = "7";
    }
  });

  it("still offers it after subscription checkouts that never started one (abandoned, expired, declined)", async () => {
    const buyer = await addBuyer();
    for (const status of ["unpaid", "expired", "failed", "canceled"] as const) await earlier(buyer.id, "starter", status);
    expect(await trialDaysFor(buyer.id, starter)).toBe(7);
  });
});
