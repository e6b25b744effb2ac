import type { Locale } from "@/lib/i18n/locales";

// Numbers, money and dates in the buyer's language. Amounts stay in their own currency (USD);
// server-rendered dates use UTC, labelled as such, so the text never depends on where the server runs.
// A page formats dozens of amounts and dates, and building an Intl formatter costs far more than
// using one, so each is built once per process (per language and options) and kept.

const kept = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();

/** The number format named `key` for `locale`, built with `options` the first time it is asked for. */
export function keptNumberFormat(key: string, locale: Locale, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  let format = kept.get(`${locale} ${key}`);
  if (!(format instanceof Intl.NumberFormat)) kept.set(`${locale} ${key}`, (format = new Intl.NumberFormat(locale, options)));
  return format;
}

/** The date format named `key` for `locale`, built with `options` the first time it is asked for. */
export function keptDateFormat(key: string, locale: Locale, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  let format = kept.get(`${locale} ${key}`);
  if (!(format instanceof Intl.DateTimeFormat)) kept.set(`${locale} ${key}`, (format = new Intl.DateTimeFormat(locale, options)));
  return format;
}

/** Whole amounts without cents ("$5", "$4.50"). */
export function formatMoney(locale: Locale, cents: number, currency = "usd"): string {
  const whole = cents % 100 === 0;
  const code = currency.toUpperCase();
  return keptNumberFormat(`money ${code} ${whole}`, locale, { style: "currency", currency: code, minimumFractionDigits: whole ? 0 : 2 }).format(cents / 100);
}

/** "Dec 7, 2026, 1:25 AM UTC". */
export function formatDateTime(locale: Locale, iso: string): string {
  const options: Intl.DateTimeFormatOptions = { year: "numeric", month: "short", day: "numeric", hour: "numeric", minute: "2-digit", timeZone: "UTC", timeZoneName: "short" };
  return keptDateFormat("date-time", locale, options).format(new Date(iso));
}

/** "Dec 7, 2026". */
export function formatDate(locale: Locale, iso: string): string {
  return keptDateFormat("date", locale, { dateStyle: "medium", timeZone: "UTC" }).format(new Date(iso));
}

export function formatCoinChange(locale: Locale, delta: number): string {
  return keptNumberFormat("coin-change", locale, { signDisplay: "exceptZero" }).format(delta);
}
