import { getTranslations } from "next-intl/server";
import en from "@/lib/i18n/messages/en.json";

// The catalog (lib/catalog/products.ts) holds what is sold; the words a buyer reads about each product are
// messages, so they come in the buyer's language. Stripe keeps the catalog's English names.

type ProductKey = keyof typeof en.products;

export interface ProductText {
  name: string;
  description: string;
  features: string[];
}

function isProductKey(key: string): key is ProductKey {
  return Object.hasOwn(en.products, key);
}

/** A product's words by its catalog key; undefined for a key no longer in the catalog. */
export async function productTexts(): Promise<(key: string) => ProductText | undefined> {
  const t = await getTranslations("products");
  return (key) =>
    isProductKey(key) ? { name: t(`${key}.name`), description: t(`${key}.description`), features: t.raw(`${key}.features`) as string[] } : undefined;
}

/** A product's name, or its key when it has left the catalog (an old purchase still shows). */
export async function productNames(): Promise<(key: string) => string> {
  const texts = await productTexts();
  return (key) => texts(key)?.name ?? key;
}
