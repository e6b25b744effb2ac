import { getTranslations } from "next-intl/server";
import type { Locale } from "@/lib/i18n/locales";

// The overview's words and number formats, shared by its sections. One render formats a hundred
// amounts, dates and rates; building an Intl formatter costs far more than using one (it was a
// fifth of the page's server time in `npm run bench`), so each is built once per process and
// kept. Money and dates read as components/format.ts writes them everywhere else.

export type OverviewTexts = Awaited<ReturnType<typeof getTranslations<"admin.overview">>>;

export function overviewTexts(): Promise<OverviewTexts> {
  return getTranslations("admin.overview");
}

const kept = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();

function numberFormat(key: string, locale: Locale, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  let format = kept.get(`${locale} ${key}`);
  if (!(format instanceof Intl.NumberFormat)) kept.set(`${locale} ${key}`, (format = new Intl.NumberFormat(locale, options)));
  return format;
}

function dateFormat(key: string, locale: Locale, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  let format = kept.get(`${locale} ${key}`);
  if (!(format instanceof Intl.DateTimeFormat)) kept.set(`${locale} ${key}`, (format = new Intl.DateTimeFormat(locale, options)));
  return format;
}

/** As formatMoney: whole amounts without cents ("$5", "$4.50"). */
export function moneyText(locale: Locale, cents: number, currency: string): string {
  const whole = cents % 100 === 0;
  const code = currency.toUpperCase();
  return numberFormat(`money ${code} ${whole}`, locale, { style: "currency", currency: code, minimumFractionDigits: whole ? 0 : 2 }).format(cents / 100);
}

/** As formatDateTime: "Dec 7, 2026, 1:25 AM UTC". */
export function dateTimeText(locale: Locale, iso: string): string {
  const options: Intl.DateTimeFormatOptions = { year: "numeric", month: "short", day: "numeric", hour: "numeric", minute: "2-digit", timeZone: "UTC", timeZoneName: "short" };
  return dateFormat("date-time", locale, options).format(new Date(iso));
}

/** As formatDate: "Dec 7, 2026". */
export function dateText(locale: Locale, iso: string): string {
  return dateFormat("date", locale, { dateStyle: "medium", timeZone: "UTC" }).format(new Date(iso));
}

/** A UTC day as "Mon, Dec 7" / "12月7日周一". */
export function dayText(locale: Locale, iso: string): string {
  return dateFormat("day", locale, { month: "short", day: "numeric", weekday: "short", timeZone: "UTC" }).format(new Date(iso));
}

export function percentText(locale: Locale, ratio: number): string {
  return numberFormat("percent", locale, { style: "percent", maximumFractionDigits: 1 }).format(ratio);
}

export function countText(locale: Locale, count: number): string {
  return numberFormat("count", locale, {}).format(count);
}

export function millisecondsText(t: OverviewTexts, locale: Locale, ms: number): string {
  const digits = ms < 10 ? 1 : 0;
  return t("milliseconds", { value: numberFormat(`ms ${digits}`, locale, { maximumFractionDigits: digits }).format(ms) });
}

/** A wait in the largest two units that matter: "42 s", "7 min", "2 h 5 min", "3 d 4 h". */
export function ageText(t: OverviewTexts, seconds: number): string {
  if (seconds < 60) return t("age.seconds", { count: seconds });
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return t("age.minutes", { count: minutes });
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return t("age.hours", { hours, minutes: minutes % 60 });
  return t("age.days", { days: Math.floor(hours / 24), hours: hours % 24 });
}
