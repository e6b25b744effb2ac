import { allowanceLabel, totalCoins, type Product } from "@/lib/catalog";

/** What the buyer gets: a plan's features, or a pack's coins with the bonus spelled out. */
export function ProductContents({ product }: { product: Product }) {
  if (product.kind === "coins") {
    const count = (n: number) => n.toLocaleString("en-US");
    return (
      <p className="text-base font-semibold text-slate-900">
        {count(totalCoins(product))} coins
        {product.bonusCoins > 0 && ` (${count(product.coins)} + ${count(product.bonusCoins)} bonus)`}
      </p>
    );
  }
  return (
    <ul className="space-y-2 text-sm text-slate-700">
      {[allowanceLabel(product), ...product.features].map((feature) => (
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
