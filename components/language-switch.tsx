import { getLocale, getTranslations } from "next-intl/server";
import { locales } from "@/lib/i18n/locales";

/**
 * One button naming the other language in that language, as a reader of it looks for it. A plain
 * form post to /api/locale, so it needs no script (and pages carry no server action to attack).
 */
export async function LanguageSwitch() {
  const [locale, t, names] = await Promise.all([getLocale(), getTranslations("header"), getTranslations("languages")]);
  const other = locales.find((candidate) => candidate !== locale) ?? locale;
  return (
    <form method="post" action="/api/locale">
      <button
        type="submit"
        name="locale"
        value={other}
        lang={other}
        title={t("switchTo", { language: names(other) })}
        className="min-h-9 rounded-md px-2 py-1 text-sm font-medium text-slate-700 hover:bg-slate-100 hover:text-slate-900"
      >
        {names(other)}
      </button>
    </form>
  );
}
