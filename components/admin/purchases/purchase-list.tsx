import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import type { PurchasePage } from "@/lib/admin/purchases/search";
import { productNames } from "@/lib/i18n/product-texts";
import { formatMoney } from "@/components/format";
import { formatMoment } from "@/components/admin/purchases/moment";
import { StatusBadge } from "@/components/admin/purchases/status-badge";
import type { SearchFormValues } from "@/components/admin/purchases/search-form";
import { consoleBreakdownWords } from "@/components/admin/purchases/breakdown-words";
import { PaidBreakdownList } from "@/components/paid-breakdown";

function pageHref(values: SearchFormValues, cursor: string | null): string {
  const query = new URLSearchParams(Object.entries(values).filter(([, value]) => value !== ""));
  if (cursor) query.set("cursor", cursor);
  const text = query.toString();
  return text ? `/admin/purchases?${text}` : "/admin/purchases";
}

// One purchase per list item, not a table row: at 360 px each reads whole without scrolling sideways.
export async function PurchaseList({ page, values, paged }: { page: PurchasePage; values: SearchFormValues; paged: boolean }) {
  const [locale, t, nameOf, breakdownWords] = await Promise.all([getLocale(), getTranslations("admin.purchases"), productNames(), consoleBreakdownWords()]);
  return (
    <section aria-labelledby="purchase-results-heading" className="space-y-4">
      <h2 id="purchase-results-heading" className="text-xl font-semibold text-slate-900">
        {t("resultsHeading")}
      </h2>
      {page.purchases.length === 0 ? (
        <p className="card text-slate-700">{t("noMatch")}</p>
      ) : (
        <ul aria-labelledby="purchase-results-heading" className="divide-y divide-slate-200 rounded-2xl border border-slate-200 bg-white text-sm text-slate-800 shadow-sm">
          {page.purchases.map((purchase) => {
            const name = nameOf(purchase.productKey);
            const when = formatMoment(locale, purchase.createdAt);
            return (
              <li key={purchase.checkoutSessionId} className="flex flex-wrap items-start justify-between gap-x-4 gap-y-2 px-4 py-3">
                <div className="min-w-0 space-y-1">
                  <p className="font-medium text-slate-900">
                    <Link href={`/admin/purchases/${encodeURIComponent(purchase.checkoutSessionId)}`} className="text-link">
                      {name}
                      <span className="sr-only">
                        {" "}
                        ({t("timelineOf")}, {purchase.email}, {when})
                      </span>
                    </Link>
                  </p>
                  <p className="break-all text-slate-700">
                    {t("boughtBy")}:{" "}
                    <Link href={`/admin/buyers/${encodeURIComponent(purchase.userId)}`} className="text-link">
                      {purchase.email}
                    </Link>
                  </p>
                  <p className="text-slate-600">
                    <time dateTime={purchase.createdAt}>{when}</time>
                  </p>
                  <p className="break-all font-mono text-xs text-slate-600">
                    <span className="sr-only">{t("sessionId")}: </span>
                    {purchase.checkoutSessionId}
                  </p>
                </div>
                <div className="flex flex-col items-end gap-1 text-right">
                  {purchase.breakdown ? (
                    <PaidBreakdownList breakdown={purchase.breakdown} locale={locale} words={breakdownWords} className="min-w-44 space-y-0.5 text-slate-600" />
                  ) : (
                    <p className="font-semibold tabular-nums text-slate-900">{formatMoney(locale, purchase.amountCents, purchase.currency)}</p>
                  )}
                  <p className="flex flex-wrap items-center justify-end gap-x-2 gap-y-1">
                    <StatusBadge status={purchase.status} />
                    {purchase.disputed && <span className="rounded-full bg-red-100 px-2 py-0.5 text-xs font-semibold text-red-900">{t("disputed")}</span>}
                    {purchase.needsOperator && <span className="rounded-full bg-amber-100 px-2 py-0.5 text-xs font-semibold text-amber-900">{t("needsOperator")}</span>}
                  </p>
                  {purchase.refundedCents > 0 && <p className="text-slate-600">{t("refunded", { amount: formatMoney(locale, purchase.refundedCents, purchase.currency) })}</p>}
                </div>
              </li>
            );
          })}
        </ul>
      )}
      {(page.newer || page.older || paged) && (
        <nav aria-label={t("pages")} className="flex flex-wrap gap-3">
          {page.newer && (
            <Link href={pageHref(values, page.newer)} className="button-secondary" rel="prev">
              {t("newer")}
            </Link>
          )}
          {page.older && (
            <Link href={pageHref(values, page.older)} className="button-secondary" rel="next">
              {t("older")}
            </Link>
          )}
          {paged && !page.newer && (
            <Link href={pageHref(values, null)} className="button-secondary">
              {t("newest")}
            </Link>
          )}
        </nav>
      )}
    </section>
  );
}
