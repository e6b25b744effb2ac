import { getLocale, getTranslations } from "next-intl/server";
import { isSubscriptionProduct } from "@/lib/catalog/plan-policy";
import type { Product } from "@/lib/catalog/products";
import { formatMoney } from "@/components/format";

export async function ProductPrice({ product }: { product: Product }) {
  const [locale, t] = await Promise.all([getLocale(), getTranslations("pricing")]);
  const billing = isSubscriptionProduct(product) ? t("perMonth") : t("oneTime");
  return (
    <p className="flex items-baseline gap-1.5">
      <span className="text-3xl font-bold tracking-tight text-slate-900">{formatMoney(locale, product.cents, product.currency)}</span>
      <span className="text-sm font-medium text-slate-600">{billing}</span>
    </p>
  );
}
