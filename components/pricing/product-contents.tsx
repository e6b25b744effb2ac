import { getTranslations } from "next-intl/server";
import { totalCoins, type Product } from "@/lib/catalog/products";

/** What the buyer gets: a plan's generations and features, or a pack's coins with the bonus spelled out. */
export async function ProductContents({ product, features }: { product: Product; features: string[] }) {
  const t = await getTranslations("pricing");
  if (product.kind === "coins") {
    return (
      <p className="text-base font-semibold text-slate-900">
        {product.bonusCoins > 0
          ? t("coinsWithBonus", { total: totalCoins(product), coins: product.coins, bonus: product.bonusCoins })
          : t("coins", { count: totalCoins(product) })}
      </p>
    );
  }
  const allowance = product.monthlyGenerations === null ? t("unlimitedGenerations") : t("generationsPerMonth", { count: product.monthlyGenerations });
  return (
    <ul className="space-y-2 text-sm text-slate-700">
      {[allowance, ...features].map((feature) => (
        <li key={feature} className="flex gap-2">
          <span aria-hidden="true" className="font-bold text-emerald-700">
            ✓
          </span>
          {feature}
        </li>
      ))}
    </ul>
  );
}
