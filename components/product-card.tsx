import type { Product } from "@/lib/catalog";
import { BuyButton } from "@/components/buy-button";
import { ProductContents } from "@/components/product-contents";
import { ProductPrice } from "@/components/product-price";

interface ProductCardProps {
  product: Product;
  priceId: string | undefined;
  signedIn: boolean;
  isCurrentPlan: boolean;
  /** Why this product cannot be bought right now (a second plan, a missing price); shown under the disabled button. */
  blockedReason: string | undefined;
  /** The page was opened as `/?buy=<key>` for this product (e.g. back from sign-in): highlight it. */
  preselected: boolean;
}

export function ProductCard({ product, priceId, signedIn, isCurrentPlan, blockedReason, preselected }: ProductCardProps) {
  const headingId = `product-${product.key}`;
  const noteId = `${headingId}-note`;

  return (
    <article
      aria-labelledby={headingId}
      className={["card flex flex-col gap-4", preselected && "ring-4 ring-indigo-500", isCurrentPlan && "border-emerald-600"].filter(Boolean).join(" ")}
    >
      <div className="flex items-start justify-between gap-3">
        <h3 id={headingId} className="text-xl font-semibold text-slate-900">
          {product.name}
        </h3>
        {isCurrentPlan && (
          <span className="rounded-full bg-emerald-100 px-2.5 py-0.5 text-xs font-semibold text-emerald-900">Current plan</span>
        )}
      </div>
      <ProductPrice product={product} />
      <p className="text-sm text-slate-600">{product.description}</p>
      <ProductContents product={product} />
      <div className="mt-auto pt-2">
        <BuyButton
          productKey={product.key}
          productName={product.name}
          priceId={priceId}
          signedIn={signedIn}
          blocked={isCurrentPlan || blockedReason !== undefined}
          blockedLabel={isCurrentPlan ? "Current plan" : undefined}
          describedBy={blockedReason ? noteId : undefined}
          preselected={preselected}
        />
        {blockedReason && (
          <p id={noteId} className="mt-2 text-sm text-slate-600">
            {blockedReason}
          </p>
        )}
      </div>
    </article>
  );
}
