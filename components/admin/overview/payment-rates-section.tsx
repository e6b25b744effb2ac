import { getLocale } from "next-intl/server";
import type { PaymentDay } from "@/lib/admin/overview/payment-rates";
import type { Locale } from "@/lib/i18n/locales";
import { OverviewSection } from "@/components/admin/overview/overview-section";
import { dayText, overviewTexts, percentText, type OverviewTexts } from "@/components/admin/overview/overview-texts";
import { rateFigures } from "@/components/admin/overview/figures";

// Success rate and conversion per UTC day, newest first. Three columns, each figure with what it
// is made of beneath it, fit a 360 px screen without scrolling sideways; a day without Checkouts
// says so once across both rates.

function Rate({ locale, ratio, made, none }: { locale: Locale; ratio: number | null; made: string; none: string }) {
  if (ratio === null) return <td>{none}</td>;
  return (
    <td>
      <b className={ratio < 0.8 ? "text-amber-800" : undefined}>{percentText(locale, ratio)}</b>
      {`\n${made}`}
    </td>
  );
}

function DayRow({ t, locale, day }: { t: OverviewTexts; locale: Locale; day: PaymentDay }) {
  return (
    <tr>
      <th scope="row">
        <time dateTime={day.day.slice(0, 10)}>{dayText(locale, day.day)}</time>
      </th>
      {day.created === 0 ? (
        <td colSpan={2}>{t("rates.noCheckouts")}</td>
      ) : (
        <>
          <Rate locale={locale} ratio={day.successRate} made={t("rates.ofResults", { paid: day.paid, results: day.paid + day.failed })} none={t("rates.noResult")} />
          <Rate locale={locale} ratio={day.conversion} made={t("rates.ofCreated", { paid: day.paid, created: day.created })} none={t("rates.noCheckouts")} />
        </>
      )}
    </tr>
  );
}

/**
 * Cells styled from the table (the [&_…] classes): 14 rows of them would otherwise repeat each class
 * 42 times. A rate's cell is its figure in bold and, on the line below in smaller, quieter type,
 * what it is made of: a line break in the text styled through ::first-line rather than an element
 * of its own, since every element is rendered and sent twice (the HTML and React's copy of it). A
 * cell of one line (no result, no Checkouts) reads in the first line's type.
 */
const CELLS =
  "[&_td]:px-4 [&_td]:py-2 [&_th]:px-4 [&_th]:py-2 [&_th]:text-left [&_thead_th]:font-semibold [&_tbody_th]:font-medium [&_tbody_th]:whitespace-nowrap [&_td]:whitespace-pre-line [&_td]:text-xs [&_td]:text-slate-600 [&_td]:first-line:text-sm [&_td]:first-line:text-slate-900 [&_b]:tabular-nums";

export async function PaymentRatesSection() {
  const [t, locale, rates] = await Promise.all([overviewTexts(), getLocale(), rateFigures()]);
  const { overall } = rates;
  return (
    <OverviewSection id="payment-rates" title={t("rates.heading")}>
      <p className="text-slate-700">
        {overall.created === 0
          ? t("rates.overallNone")
          : t("rates.overall", {
              success: overall.successRate === null ? "–" : percentText(locale, overall.successRate),
              conversion: overall.conversion === null ? "–" : percentText(locale, overall.conversion),
            })}
      </p>
      <div className="overflow-hidden rounded-2xl border border-slate-200 bg-white shadow-sm">
        <table className={`w-full text-sm ${CELLS}`}>
          <caption className="sr-only">{t("rates.caption")}</caption>
          <thead className="bg-slate-50 text-slate-700">
            <tr>
              <th scope="col">{t("rates.day")}</th>
              <th scope="col">{t("rates.successRate")}</th>
              <th scope="col">{t("rates.conversion")}</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-200 text-slate-900">
            {[...rates.days].reverse().map((day) => (
              <DayRow key={day.day} t={t} locale={locale} day={day} />
            ))}
          </tbody>
        </table>
      </div>
      <p className="text-sm text-slate-600">{t("rates.whatCounts")}</p>
    </OverviewSection>
  );
}
