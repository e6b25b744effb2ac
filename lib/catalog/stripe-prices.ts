import type Stripe from "stripe";
import { overridePriceId, products, type Product, type ProductKey } from "@/lib/catalog/products";
import { env } from "@/lib/config/env";
import { listPricesByLookupKey, retrievePrice } from "@/lib/stripe-gateway/prices";

// Maps catalog products to Stripe prices. Prices are looked up by lookup_key (or named by a
// STRIPE_PRICE_<KEY> override) and cached briefly: they change only when someone edits the
// Stripe account, and the grid should not cost a Stripe round trip per view.

const CACHE_MS = 60_000;

interface CatalogPrice {
  product: Product;
  price: Stripe.Price;
}

let cache: { at: number; config: string; prices: Promise<CatalogPrice[]> } | undefined;

function overrideFor(key: ProductKey): string | undefined {
  return overridePriceId(key, env());
}

async function fetchCatalogPrices(): Promise<CatalogPrice[]> {
  const data = await listPricesByLookupKey(
    products.map((p) => p.lookupKey),
    { activeOnly: true },
  );
  const byLookupKey = new Map(data.map((price) => [price.lookup_key, price]));
  const resolved = await Promise.all(
    products.map(async (product) => {
      const override = overrideFor(product.key);
      const price = override ? await retrievePrice(override) : byLookupKey.get(product.lookupKey);
      return price ? { product, price } : undefined;
    }),
  );
  return resolved.filter((entry) => entry !== undefined);
}

/** What the cached answer depends on: another account or override must not be served stale prices. */
function configKey(): string {
  const { STRIPE_SECRET_KEY, STRIPE_API_BASE } = env();
  return JSON.stringify([STRIPE_SECRET_KEY, STRIPE_API_BASE, products.map((p) => overrideFor(p.key))]);
}

export async function catalogPrices(): Promise<CatalogPrice[]> {
  const config = configKey();
  if (!cache || cache.config !== config || Date.now() - cache.at > CACHE_MS) {
    const prices = fetchCatalogPrices();
    cache = { at: Date.now(), config, prices };
    prices.catch(() => (cache = undefined));
  }
  return cache.prices;
}

export async function findCatalogPrice(priceId: string): Promise<CatalogPrice | undefined> {
  return (await catalogPrices()).find((entry) => entry.price.id === priceId);
}

/** Product key → Stripe price id, for the pricing grid's Buy buttons. */
export async function priceIdsByProduct(): Promise<Partial<Record<ProductKey, string>>> {
  return Object.fromEntries((await catalogPrices()).map(({ product, price }) => [product.key, price.id]));
}
