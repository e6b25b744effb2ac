import { afterAll, beforeAll, expect, it } from "vitest";
import { products } from "@/lib/catalog/products";
import { ensureCatalogInStripe } from "@/lib/catalog/catalog-setup";
import { catalogPrices } from "@/lib/catalog/stripe-prices";
import { stripe } from "@/lib/stripe-gateway/client";
import { startTestStripe, type TestStripe } from "@/test-support/test-stripe";

let sandbox: TestStripe;
beforeAll(async () => {
  sandbox = await startTestStripe({ deliverWebhooks: false });
});
afterAll(() => sandbox.close());

it("creates each catalog price once, with the catalog's amount, currency and interval, however often it runs", async () => {
  // startTestStripe has already run it once on this fresh account.
  const again = await ensureCatalogInStripe();

  expect(again).toEqual({ created: [], existing: products.map((p) => p.lookupKey), mismatched: [] });
  const prices = await catalogPrices();
  expect(prices).toHaveLength(products.length);
  for (const { product, price } of prices) {
    expect(price).toMatchObject({ unit_amount: product.cents, currency: "usd", lookup_key: product.lookupKey });
    expect(price.recurring?.interval ?? null).toBe(product.kind === "plan" ? product.interval : null);
  }
  const { data } = await stripe().products.list({ limit: 100 });
  expect(data).toHaveLength(products.length);
});

it("reports a Stripe price that no longer matches the catalog", async () => {
  const { data } = await stripe().prices.list({ lookup_keys: ["storefront_small_pack"] });
  const old = data[0];
  if (!old) throw new Error("small pack price missing");
  await stripe().prices.create({
    product: String(old.product),
    currency: "usd",
    unit_amount: 250,
    lookup_key: "storefront_small_pack",
    transfer_lookup_key: true,
  });

  expect((await ensureCatalogInStripe()).mismatched).toEqual(["storefront_small_pack"]);
});
