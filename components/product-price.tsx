import { formatCents, type Product } from "@/lib/catalog";

export function ProductPrice({ product }: { product: Product }) {
  const billing = product.kind === "plan" && product.interval === "month" ? "/month" : "one-time";
  return (
    <p className="flex items-baseline gap-1.5">
      <span className="text-3xl font-bold tracking-tight text-slate-900">{formatCents(product.cents)}</span>
      <span className="text-sm font-medium text-slate-600">{billing}</span>
    </p>
  );
}
