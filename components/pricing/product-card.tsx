import { getLocale, getTranslations } from "next-intl/server";
import type { Product } from "@/lib/catalog/products";
import type { ProductText } from "@/lib/i18n/product-texts";
import type { ErrorTexts } from "@/components/api-client";
import { BuyButton } from "@/components/pricing/buy-button";
import type { StripeJsConfig } from "@/lib/stripe-gateway/stripe-js";
import { ProductContents } from "@/components/pricing/product-contents";
import { ProductPrice } from "@/components/pricing/product-price";
import { formatMoney } from "@/components/format";

interface ProductCardProps {
  product: Product;
  text: ProductText;
  priceId: string | undefined;
  signedIn: boolean;
  isCurrentPlan: boolean;
  /** Why this product cannot be bought right now (a second plan, a missing price); shown under the disabled button. */
  blockedReason: string | undefined;
  /** The page was opened as `/?buy=<key>` for this product (e.g. back from sign-in): highlight it. */
  preselected: boolean;
  /** The free trial this buyer's Checkout would start with (lib/payments/checkout/trial.ts); null for none. */
  trialDays: number | null;
  /** Stripe.js's settings when this store's Checkout is embedded in the page; null when buyers pay on Stripe's. */
  embeddedCheckout: StripeJsConfig | null;
  errors: ErrorTexts;
}

export async function ProductCard({ product, text, priceId, signedIn, isCurrentPlan, blockedReason, preselected, trialDays, embeddedCheckout, errors }: ProductCardProps) {
  const [t, locale] = await Promise.all([getTranslations("pricing"), getLocale()]);
  const headingId = `product-${product.key}`;
  const noteId = `${headingId}-note`;

  return (
    <article
      aria-labelledby={headingId}
      className={["card flex flex-col gap-4", preselected && "ring-4 ring-indigo-500", isCurrentPlan && "border-emerald-600"].filter(Boolean).join(" ")}
    >
      <div className="flex items-start justify-between gap-3">
        <h3 id={headingId} className="text-xl font-semibold text-slate-900">
          {text.name}
        </h3>
        {isCurrentPlan && (
          <span className="rounded-full bg-emerald-100 px-2.5 py-0.5 text-xs font-semibold whitespace-nowrap text-emerald-900">{t("currentPlan")}</span>
        )}
      </div>
      <ProductPrice product={product} />
      {trialDays && !isCurrentPlan && blockedReason === undefined && (
        <p className="text-sm font-medium text-emerald-800">{t("trialOffer", { days: trialDays, price: formatMoney(locale, product.cents, product.currency) })}</p>
      )}
      <p className="text-sm text-slate-600">{text.description}</p>
      <ProductContents product={product} features={text.features} />
      <div className="mt-auto pt-2">
        <BuyButton
          productKey={product.key}
          priceId={priceId}
          signedIn={signedIn}
          texts={{
            buy: t("buy", { product: text.name }),
            productName: text.name,
            redirecting: t("redirecting"),
            signingInFirst: t("signingInFirst"),
            readyHint: t("readyHint"),
            errors,
          }}
          checkout={
            embeddedCheckout
              ? {
                  ui: "embedded",
                  stripeJs: embeddedCheckout,
                  texts: { title: t("checkoutTitle", { product: text.name }), close: t("checkoutClose"), loading: t("checkoutLoading"), failed: t("checkoutFailed") },
                }
              : { ui: "hosted" }
          }
          blocked={isCurrentPlan || blockedReason !== undefined}
          blockedLabel={isCurrentPlan ? t("currentPlan") : undefined}
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
