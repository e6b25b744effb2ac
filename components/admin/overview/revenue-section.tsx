import { getLocale } from "next-intl/server";
import type { RevenueFigures, RevenueWindow } from "@/lib/admin/overview/revenue";
import { productNames } from "@/lib/i18n/product-texts";
import type { Locale } from "@/lib/i18n/locales";
import { OverviewSection } from "@/components/admin/overview/overview-section";
import { overviewTexts, type OverviewTexts } from "@/components/admin/overview/overview-texts";
import { formatDate, formatMoney } from "@/components/format";
import { revenueFigures } from "@/components/admin/overview/figures";

// Revenue in three windows side by side on a wide screen, stacked on a phone: each with its net
// first, then gross, refunded and disputed, then one line per product. Lists, not tables, so a
// phone shows every figure without scrolling sideways. Kept lean: a product is one list item of
// two lines (its name and sales, then its figures as one sentence, split by a line break in the
// text rather than a <br>), rows are styled from their list (the [&_…] classes), and the cards are
// drawn from texts read once, because every element and class is sent twice (the HTML and
// React's copy of it) and a month has dozens of lines.

const FIGURE_ROWS = "[&_dl>div]:flex [&_dl>div]:justify-between [&_dl>div]:gap-3 [&_dt]:text-slate-600 [&_dd]:tabular-nums [&_dd]:text-slate-900";

function Figures({ t, locale, figures, currency }: { t: OverviewTexts; locale: Locale; figures: RevenueFigures; currency: string }) {
  return (["gross", "refunded", "disputed"] as const).map((label) => (
    <div key={label}>
      <dt>{t(`revenue.${label}`)}</dt>
      <dd>{formatMoney(locale, figures[`${label}Cents`], currency)}</dd>
    </div>
  ));
}

type ProductName = Awaited<ReturnType<typeof productNames>>;

function RevenueCard({ t, locale, nameOf, revenue }: { t: OverviewTexts; locale: Locale; nameOf: ProductName; revenue: RevenueWindow }) {
  const headingId = `revenue-${revenue.span}-heading`;
  return (
    <article aria-labelledby={headingId} className={`card space-y-5 text-sm ${FIGURE_ROWS}`}>
      <div>
        <h3 id={headingId} className="text-lg font-semibold text-slate-900">
          {t(`revenue.${revenue.span}`)}
        </h3>
        <p className="text-slate-600">{t("revenue.since", { date: formatDate(locale, revenue.since) })}</p>
      </div>
      {revenue.totals.map((total) => (
        <dl key={total.currency} className="space-y-1">
          <div className="flex-col">
            <dt className="font-medium">{t("revenue.net")}</dt>
            <dd className="text-3xl font-bold tracking-tight">{formatMoney(locale, total.netCents, total.currency)}</dd>
            <dd className="text-slate-600">{t("revenue.sales", { count: total.sales })}</dd>
          </div>
          <Figures t={t} locale={locale} figures={total} currency={total.currency} />
        </dl>
      ))}
      <div>
        <h4 className="font-semibold text-slate-900">{t("revenue.byProduct")}</h4>
        {revenue.lines.length === 0 ? (
          <p className="mt-1 text-slate-600">{t("revenue.noSales")}</p>
        ) : (
          <ul className="mt-1 divide-y divide-slate-200 whitespace-pre-line text-slate-700 [&>li]:py-2 [&_b]:text-slate-900">
            {revenue.lines.map((line) => {
              const money = (cents: number) => formatMoney(locale, cents, line.currency);
              const sales = t("revenue.sales", { count: line.sales });
              const figures = t("revenue.lineFigures", { net: money(line.netCents), gross: money(line.grossCents), refunded: money(line.refundedCents), disputed: money(line.disputedCents) });
              return (
                <li key={`${line.productKey} ${line.currency}`}>
                  <b>{nameOf(line.productKey)}</b>
                  {` · ${sales}\n${figures}`}
                </li>
              );
            })}
          </ul>
        )}
      </div>
    </article>
  );
}

export async function RevenueSection() {
  const [t, locale, nameOf, windows] = await Promise.all([overviewTexts(), getLocale(), productNames(), revenueFigures()]);
  return (
    <OverviewSection id="revenue" title={t("revenue.heading")}>
      <div className="grid grid-cols-1 gap-6 lg:grid-cols-3">
        {windows.map((revenue) => (
          <RevenueCard key={revenue.span} t={t} locale={locale} nameOf={nameOf} revenue={revenue} />
        ))}
      </div>
      <div className="space-y-1 text-sm text-slate-600">
        <h3 className="font-semibold text-slate-800">{t("revenue.whatCounts")}</h3>
        <p>{t("revenue.countsSales")}</p>
        <p>{t("revenue.countsRefunds")}</p>
        <p>{t("revenue.countsRenewals")}</p>
      </div>
    </OverviewSection>
  );
}
