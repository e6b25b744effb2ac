import { productByKey } from "@/lib/catalog/products";

/** The catalog key of the product a buyer was about to buy when sent to sign in (`next` is `/?buy=<key>`). */
export function productToBuy(next: string): string | undefined {
  const url = new URL(next, "http://storefront.invalid");
  const key = url.pathname === "/" ? url.searchParams.get("buy") : null;
  return key && productByKey(key) ? key : undefined;
}
