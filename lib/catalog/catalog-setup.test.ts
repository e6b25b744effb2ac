import { afterAll, beforeAll, expect, it } from "vitest";
import { coinPacks, products } from "@/lib/catalog/products";
import { ensureCatalogInStripe } from "@/lib/catalog/catalog-setup";
import { catalogPrices } from "@/lib/catalog/stripe-prices";
import { stripe } from "@/lib/stripe-gateway/client";
import { startTestStripe, type TestStripe } from "@/test-support/test-stripe";

let sandbox: TestStripe;
beforeAll(async () => {
  sandbox = await startTestStripe({ deliverWebhooks: false });
});
afterAll(() => sandbox.close());

it("creates each catalog price once, with the catalog's amount, currency, interval and tax on top, however often it runs", async () => {
  // startTestStripe has already run it once on this fresh account.
  const again = await ensureCatalogInStripe();

  expect(again).toEqual({
    created: [],
    existing: products.map((p) => p.lookupKey),
    mismatched: [],
    taxBehaviorSet: [],
    promotion: { coupon: "exists", code: "exists" },
  });
  const prices = await catalogPrices();
  expect(prices).toHaveLength(products.length);
  for (const { product, price } of prices) {
    expect(price).toMatchObject({ unit_amount: product.cents, currency: "usd", lookup_key: product.lookupKey, tax_behavior: "exclusive" });
    expect(price.recurring?.interval ?? null).toBe(product.kind === "plan" ? product.interval : null);
  }
  const { data } = await stripe().products.list({ limit: 100 });
  expect(data).toHaveLength(products.length);
});

it("makes one launch code, LAUNCH20: 20 % off points packs only, once, for a first purchase, expiring in 90 days", async () => {
  await ensureCatalogInStripe();

  const { data: coupons } = await stripe().coupons.list({ limit: 100 });
  const { data: codes } = await stripe().promotionCodes.list({ limit: 100 });
  expect(coupons).toHaveLength(1);
  expect(codes).toHaveLength(1);
  const packProducts = (await catalogPrices()).filter(({ product }) => product.kind === "coins").map(({ price }) => String(price.product));
  expect(packProducts).toHaveLength(coinPacks.length);
  expect(coupons[0]).toMatchObject({ id: "storefront_launch20", percent_off: 20, duration: "once", valid: true });
  // applies_to is an includable field: Stripe sends it only when asked.
  const { applies_to: appliesTo } = await stripe().coupons.retrieve("storefront_launch20", { expand: ["applies_to"] });
  expect([...(appliesTo?.products ?? [])].sort()).toEqual([...packProducts].sort());
  expect(codes[0]).toMatchObject({ code: "LAUNCH20", active: true, restrictions: { first_time_transaction: true } });
  const daysLeft = ((codes[0]?.expires_at ?? 0) - Date.now() / 1000) / 86_400;
  expect(daysLeft).toBeGreaterThan(89);
  expect(daysLeft).toBeLessThanOrEqual(90);
});

it("leaves a launch code the owner turned off as it is, rather than making another", async () => {
  const [code] = (await stripe().promotionCodes.list({ code: "LAUNCH20" })).data;
  if (!code) throw new Error("LAUNCH20 missing");
  await stripe().promotionCodes.update(code.id, { active: false });

  expect((await ensureCatalogInStripe()).promotion).toEqual({ coupon: "exists", code: "exists" });
  const { data } = await stripe().promotionCodes.list({ limit: 100 });
  expect(data.map((c) => [c.code, c.active])).toEqual([["LAUNCH20", false]]);
  await stripe().promotionCodes.update(code.id, { active: true });
});

it("sets an existing price's unspecified tax behaviour to exclusive, once", async () => {
  const old = await priceOf("storefront_medium_pack");
  const unspecified = await stripe().prices.create({
    product: String(old.product),
    currency: "usd",
    unit_amount: old.unit_amount ?? 0,
    lookup_key: "storefront_medium_pack",
    transfer_lookup_key: true,
  });

  expect((await ensureCatalogInStripe()).taxBehaviorSet).toEqual(["storefront_medium_pack"]);
  expect(await stripe().prices.retrieve(unspecified.id)).toMatchObject({ tax_behavior: "exclusive" });
  expect((await ensureCatalogInStripe()).taxBehaviorSet).toEqual([]);
});

it("reports a Stripe price that no longer matches the catalog: another amount, or tax included in it", async () => {
  const small = await priceOf("storefront_small_pack");
  await stripe().prices.create({ product: String(small.product), currency: "usd", unit_amount: 250, lookup_key: "storefront_small_pack", transfer_lookup_key: true, tax_behavior: "exclusive" });
  const large = await priceOf("storefront_large_pack");
  await stripe().prices.create({
    product: String(large.product),
    currency: "usd",
    unit_amount: large.unit_amount ?? 0,
    lookup_key: "storefront_large_pack",
    transfer_lookup_key: true,
    tax_behavior: "inclusive",
  });

  expect((await ensureCatalogInStripe()).mismatched).toEqual(["storefront_small_pack", "storefront_large_pack"]);
});

async function priceOf(lookupKey: string) {
  const [price] = (await stripe().prices.list({ lookup_keys: [lookupKey] })).data;
  if (!price) throw new Error(`${lookupKey} missing`);
  return price;
}
