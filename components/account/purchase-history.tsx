import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import type { PurchaseOutcome, PurchaseView } from "@/lib/account/account-views";
import { productNames } from "@/lib/i18n/product-texts";
import { formatDateTime, formatMoney } from "@/components/format";
import { HistorySection } from "@/components/account/history-section";
import { buyerBreakdownWords, PaidBreakdownList } from "@/components/paid-breakdown";

const outcomeStyle: Record<PurchaseOutcome, string> = {
  paid: "bg-emerald-100 text-emerald-900",
  processing: "bg-amber-100 text-amber-900",
  partly_refunded: "bg-sky-100 text-sky-900",
  refunded: "bg-sky-100 text-sky-900",
  disputed: "bg-red-100 text-red-900",
  failed: "bg-red-100 text-red-900",
  canceled: "bg-slate-100 text-slate-800",
  expired: "bg-slate-100 text-slate-800",
};

export async function PurchaseHistory({ purchases }: { purchases: PurchaseView[] }) {
  const [locale, t, outcomes, nameOf, breakdownWords] = await Promise.all([
    getLocale(),
    getTranslations("account"),
    getTranslations("outcomes"),
    productNames(),
    buyerBreakdownWords(),
  ]);
  return (
    <HistorySection
      id="purchases"
      title={t("purchases")}
      empty={
        <>
          {t("noPurchases")}{" "}
          <Link href="/" className="text-link">
            {t("browse")}
          </Link>
        </>
      }
      items={purchases.map((purchase) => {
        const name = nameOf(purchase.productKey);
        const when = formatDateTime(locale, purchase.createdAt);
        return (
          <li key={purchase.checkoutSessionId} className="flex flex-wrap items-start justify-between gap-x-4 gap-y-2 px-4 py-3">
            <div className="min-w-0">
              <p className="font-medium text-slate-900">{name}</p>
              <p className="text-slate-600">
                <time dateTime={purchase.createdAt}>{when}</time>
              </p>
            </div>
            <div className="flex flex-col items-end gap-1 text-right">
              {purchase.breakdown ? (
                <PaidBreakdownList breakdown={purchase.breakdown} locale={locale} words={breakdownWords} className="min-w-44 space-y-0.5 text-slate-600" />
              ) : (
                <p className="font-semibold tabular-nums text-slate-900">{formatMoney(locale, purchase.amountCents, purchase.currency)}</p>
              )}
              <p className="flex flex-wrap items-center justify-end gap-x-3 gap-y-1">
                <span className={`rounded-full px-2 py-0.5 text-xs font-semibold ${outcomeStyle[purchase.outcome]}`}>{outcomes(purchase.outcome)}</span>
                {purchase.outcome === "partly_refunded" && (
                  <span className="text-slate-600">{t("refundedAmount", { amount: formatMoney(locale, purchase.refundedCents, purchase.currency) })}</span>
                )}
                {purchase.hasReceipt && (
                  <a href={`/account/receipts/${encodeURIComponent(purchase.checkoutSessionId)}`} className="text-link" target="_blank" rel="noopener">
                    {t("receipt")}
                    <span className="sr-only">
                      {" "}
                      ({name}, {when})
                    </span>
                  </a>
                )}
              </p>
            </div>
          </li>
        );
      })}
    />
  );
}
