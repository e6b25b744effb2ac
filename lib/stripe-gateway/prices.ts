import type Stripe from "stripe";
import { stripe } from "@/lib/stripe-gateway/client";
import { call, read, write } from "@/lib/stripe-gateway/calls";

// The catalog's products and prices at Stripe.

export async function listPricesByLookupKey(lookupKeys: string[], options: { activeOnly: boolean }): Promise<Stripe.Price[]> {
  const { data } = await call(() =>
    stripe().prices.list({ lookup_keys: lookupKeys, limit: 100, ...(options.activeOnly && { active: true }) }),
  );
  return data;
}

export async function retrievePrice(priceId: string): Promise<Stripe.Price | null> {
  return (await read(() => stripe().prices.retrieve(priceId)))?.value ?? null;
}

export async function createCatalogProduct(params: Stripe.ProductCreateParams, key: string): Promise<Stripe.Product> {
  return write(`product:${key}`, (idempotencyKey) => stripe().products.create(params, { idempotencyKey }));
}

export async function createCatalogPrice(params: Stripe.PriceCreateParams, key: string): Promise<Stripe.Price> {
  return write(`price:${key}`, (idempotencyKey) => stripe().prices.create(params, { idempotencyKey }));
}

/** Only an `unspecified` tax behaviour can be changed: Stripe keeps inclusive and exclusive for good. */
export async function setPriceTaxBehavior(priceId: string, taxBehavior: "exclusive"): Promise<Stripe.Price> {
  return call(() => stripe().prices.update(priceId, { tax_behavior: taxBehavior }));
}
