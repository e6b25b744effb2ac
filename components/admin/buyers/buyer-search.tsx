import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import type { BuyerHit } from "@/lib/admin/buyers/search";
import { planByTier } from "@/lib/catalog/products";
import { productNames } from "@/lib/i18n/product-texts";
import { formatDate } from "@/components/format";

const field = "block min-h-11 w-full rounded-lg border border-slate-400 bg-white px-3 py-2 text-slate-900 shadow-sm focus-visible:border-indigo-600";

// A plain GET form: a search is an address the operator can bookmark, share and reload.
export async function BuyerSearchForm({ query }: { query: string }) {
  const t = await getTranslations("admin.buyers");
  return (
    <section aria-labelledby="buyer-search-heading" className="card space-y-4">
      <h2 id="buyer-search-heading" className="text-xl font-semibold text-slate-900">
        {t("searchHeading")}
      </h2>
      <form method="get" action="/admin/buyers" role="search" className="space-y-4">
        <div className="space-y-1.5">
          <label htmlFor="buyer-q" className="block text-sm font-medium text-slate-800">
            {t("query")}
          </label>
          <input id="buyer-q" name="q" type="search" defaultValue={query} aria-describedby="buyer-q-hint" autoComplete="off" spellCheck={false} className={field} />
          <p id="buyer-q-hint" className="text-sm text-slate-600">
            {t("queryHint")}
          </p>
        </div>
        <button type="submit" className="button-primary">
          {t("search")}
        </button>
      </form>
    </section>
  );
}

// One buyer per list item, not a table row: at 360 px each reads whole without scrolling sideways.
export async function BuyerHits({ query, hits }: { query: string; hits: BuyerHit[] }) {
  const [locale, t, nameOf] = await Promise.all([getLocale(), getTranslations("admin.buyers"), productNames()]);
  return (
    <section aria-labelledby="buyer-results-heading" className="space-y-4">
      <h2 id="buyer-results-heading" className="text-xl font-semibold text-slate-900">
        {t("resultsHeading")}
      </h2>
      {hits.length === 0 ? (
        <div className="card space-y-1 text-slate-700">
          <p className="break-all">{t("noMatch", { query: query.slice(0, 120) })}</p>
          <p className="text-sm text-slate-600">{t("noMatchHint")}</p>
        </div>
      ) : (
        <ul aria-labelledby="buyer-results-heading" className="divide-y divide-slate-200 rounded-2xl border border-slate-200 bg-white text-sm text-slate-800 shadow-sm">
          {hits.map((hit) => (
            <li key={hit.id} className="flex flex-wrap items-start justify-between gap-x-4 gap-y-2 px-4 py-3">
              <div className="min-w-0 space-y-1">
                <p className="font-medium break-all">
                  <Link href={`/admin/buyers/${encodeURIComponent(hit.id)}`} className="text-link">
                    {hit.email}
                  </Link>
                </p>
                <p className="text-slate-700">{hit.name}</p>
                <p className="text-slate-600">{t("joined", { date: formatDate(locale, hit.joinedAt) })}</p>
                <p className="break-all font-mono text-xs text-slate-600">
                  <span className="sr-only">{t("userId")}: </span>
                  {hit.id}
                </p>
              </div>
              <div className="flex flex-col items-end gap-1 text-right">
                <p className="font-semibold tabular-nums text-slate-900">{t("coins", { count: hit.coinBalance })}</p>
                <p className="text-slate-600">
                  {hit.planTier && hit.planStatus ? t("planLine", { plan: nameOf(planByTier(hit.planTier).key), status: t(`planStatuses.${hit.planStatus}`) }) : t("noPlan")}
                </p>
              </div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
