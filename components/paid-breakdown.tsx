import { getTranslations } from "next-intl/server";
import type { PaidBreakdown } from "@/lib/account/paid-breakdown";
import type { Locale } from "@/lib/i18n/locales";
import { formatMoney } from "@/components/format";

// One purchase's amounts line by line, for the buyer's pages and the console alike (each passes
// its own words): the items, the discount with its code, the tax, and the total charged. A
// discount or tax of nothing is left out.

export interface BreakdownWords {
  subtotal: string;
  /** The discount's label, naming the code when there is one. */
  discount: (code: string | null) => string;
  tax: string;
  total: string;
}

export function PaidBreakdownList({ breakdown, locale, words, className }: { breakdown: PaidBreakdown; locale: Locale; words: BreakdownWords; className?: string }) {
  const money = (cents: number) => formatMoney(locale, cents, breakdown.currency);
  const rows: [string, string][] = [[words.subtotal, money(breakdown.subtotalCents)]];
  if (breakdown.discountCents > 0) rows.push([words.discount(breakdown.promotionCode), money(-breakdown.discountCents)]);
  if (breakdown.taxCents > 0) rows.push([words.tax, money(breakdown.taxCents)]);
  rows.push([words.total, money(breakdown.totalCents)]);
  return (
    <dl className={className}>
      {rows.map(([term, amount], index) => (
        <div key={term} className={`flex justify-between gap-4 ${index === rows.length - 1 ? "font-semibold text-slate-900" : ""}`}>
          <dt>{term}</dt>
          <dd className="tabular-nums">{amount}</dd>
        </div>
      ))}
    </dl>
  );
}

/** The buyer's words for the breakdown, in the page's language. */
export async function buyerBreakdownWords(): Promise<BreakdownWords> {
  const t = await getTranslations("paid");
  return {
    subtotal: t("subtotal"),
    discount: (code) => (code ? t("discountWithCode", { code }) : t("discount")),
    tax: t("tax"),
    total: t("total"),
  };
}
