import { productByKey } from "@/lib/catalog";

/** The catalog key of the product a buyer was about to buy when sent to sign in (`next` is `/?buy=<key>`). */
export function productToBuy(next: string): string | undefined {
  const key = new URL(next, "http://storefront.invalid").searchParams.get("buy");
  return key && productByKey(key) ? key : undefined;
}
