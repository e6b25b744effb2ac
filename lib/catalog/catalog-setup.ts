import type Stripe from "stripe";
import { products, type Product } from "@/lib/catalog/products";
import { createCatalogPrice, createCatalogProduct, listPricesByLookupKey } from "@/lib/stripe-gateway/prices";

// Makes the Stripe account sell the catalog: every product gets a price with its lookup_key.
// Safe to run again and again; idempotency keys make a retried creation return the same object.

interface CatalogSetupReport {
  created: string[];
  existing: string[];
  mismatched: string[];
}

function matchesCatalog(product: Product, price: Stripe.Price): boolean {
  const interval = price.recurring?.interval ?? null;
  const wanted = product.kind === "plan" ? product.interval : null;
  return price.unit_amount === product.cents && price.currency === product.currency && interval === wanted;
}

export async function ensureCatalogInStripe(): Promise<CatalogSetupReport> {
  const report: CatalogSetupReport = { created: [], existing: [], mismatched: [] };
  const data = await listPricesByLookupKey(
    products.map((p) => p.lookupKey),
    { activeOnly: false },
  );
  for (const product of products) {
    const price = data.find((p) => p.lookup_key === product.lookupKey);
    if (price) {
      report[matchesCatalog(product, price) ? "existing" : "mismatched"].push(product.lookupKey);
      continue;
    }
    const stripeProduct = await createCatalogProduct(
      { name: product.name, description: product.description, metadata: { productKey: product.key } },
      product.key,
    );
    await createCatalogPrice(
      {
        product: stripeProduct.id,
        unit_amount: product.cents,
        currency: product.currency,
        lookup_key: product.lookupKey,
        ...(product.kind === "plan" && product.interval && { recurring: { interval: product.interval } }),
        metadata: { productKey: product.key },
      },
      product.lookupKey,
    );
    report.created.push(product.lookupKey);
  }
  return report;
}
