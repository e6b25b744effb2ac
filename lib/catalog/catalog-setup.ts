import type Stripe from "stripe";
import { products, type Product } from "@/lib/catalog/products";
import { ensureLaunchPromotion, launchPromotion } from "@/lib/catalog/launch-promotion";
import { createCatalogPrice, createCatalogProduct, listPricesByLookupKey, setPriceTaxBehavior } from "@/lib/stripe-gateway/prices";

// Makes the Stripe account sell the catalog: every product gets a price with its lookup_key, whose
// tax behaviour is exclusive (with automatic tax on, tax is added on top of the catalog's amount),
// and the example launch promotion exists (lib/catalog/launch-promotion.ts). Safe to run again and
// again: it creates only what is missing, and idempotency keys make a retried creation return the
// same object.

interface CatalogSetupReport {
  created: string[];
  existing: string[];
  /** Prices whose amount, currency, interval or tax behaviour differs from the catalog's. */
  mismatched: string[];
  /** Existing prices whose unspecified tax behaviour was set to exclusive. */
  taxBehaviorSet: string[];
  promotion: Awaited<ReturnType<typeof ensureLaunchPromotion>>;
}

function matchesCatalog(product: Product, price: Stripe.Price): boolean {
  const interval = price.recurring?.interval ?? null;
  const wanted = product.kind === "plan" ? product.interval : null;
  // Stripe cannot change an inclusive price to exclusive: such a price needs replacing.
  return price.unit_amount === product.cents && price.currency === product.currency && interval === wanted && price.tax_behavior !== "inclusive";
}

const isUnspecified = (price: Stripe.Price) => price.tax_behavior === null || price.tax_behavior === "unspecified";

export async function ensureCatalogInStripe(): Promise<CatalogSetupReport> {
  const report: Omit<CatalogSetupReport, "promotion"> = { created: [], existing: [], mismatched: [], taxBehaviorSet: [] };
  const data = await listPricesByLookupKey(
    products.map((p) => p.lookupKey),
    { activeOnly: false },
  );
  const stripeProductIds = new Map<string, string>();
  for (const product of products) {
    const price = data.find((p) => p.lookup_key === product.lookupKey);
    if (price) {
      stripeProductIds.set(product.key, typeof price.product === "string" ? price.product : price.product.id);
      if (isUnspecified(price)) {
        await setPriceTaxBehavior(price.id, "exclusive");
        report.taxBehaviorSet.push(product.lookupKey);
      }
      report[matchesCatalog(product, price) ? "existing" : "mismatched"].push(product.lookupKey);
      continue;
    }
    const stripeProduct = await createCatalogProduct(
      { name: product.name, description: product.description, metadata: { productKey: product.key } },
      product.key,
    );
    stripeProductIds.set(product.key, stripeProduct.id);
    await createCatalogPrice(
      {
        product: stripeProduct.id,
        unit_amount: product.cents,
        currency: product.currency,
        lookup_key: product.lookupKey,
        tax_behavior: "exclusive",
        ...(product.kind === "plan" && product.interval && { recurring: { interval: product.interval } }),
        metadata: { productKey: product.key },
      },
      product.lookupKey,
    );
    report.created.push(product.lookupKey);
  }
  const packProductIds = launchPromotion.productKeys.flatMap((key) => stripeProductIds.get(key) ?? []);
  return { ...report, promotion: await ensureLaunchPromotion(packProductIds) };
}
