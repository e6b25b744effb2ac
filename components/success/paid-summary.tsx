import { getLocale, getTranslations } from "next-intl/server";
import type { PaidBreakdown } from "@/lib/account/paid-breakdown";
import { buyerBreakdownWords, PaidBreakdownList } from "@/components/paid-breakdown";

/** What the buyer just paid, line by line, read while the panel's words load. */
export async function PaidSummary({ paid }: { paid: Promise<PaidBreakdown | null> }) {
  const [locale, t, words] = await Promise.all([getLocale(), getTranslations("paid"), buyerBreakdownWords()]);
  const breakdown = await paid.catch((error: unknown) => {
    console.error("success page: could not read what was paid", error);
    return "unavailable" as const;
  });
  if (breakdown === "unavailable") return <p className="text-slate-700">{t("unavailable")}</p>;
  if (!breakdown) return null;
  return (
    <section aria-labelledby="paid-heading" className="rounded-xl border border-slate-200 p-4">
      <h2 id="paid-heading" className="mb-2 text-base font-semibold text-slate-900">
        {t("heading")}
      </h2>
      <PaidBreakdownList breakdown={breakdown} locale={locale} words={words} className="space-y-1 text-slate-700" />
    </section>
  );
}
