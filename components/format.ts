import type { Locale } from "@/lib/i18n/locales";

// Numbers, money and dates in the buyer's language. Amounts stay in their own currency (USD);
// server-rendered dates use UTC, labelled as such, so the text never depends on where the server runs.

export function formatMoney(locale: Locale, cents: number, currency = "usd"): string {
  return new Intl.NumberFormat(locale, {
    style: "currency",
    currency: currency.toUpperCase(),
    minimumFractionDigits: cents % 100 === 0 ? 0 : 2,
  }).format(cents / 100);
}

export function formatDateTime(locale: Locale, iso: string): string {
  return new Intl.DateTimeFormat(locale, {
    year: "numeric",
    month: "short",
    day: "numeric",
    hour: "numeric",
    minute: "2-digit",
    timeZone: "UTC",
    timeZoneName: "short",
  }).format(new Date(iso));
}

export function formatDate(locale: Locale, iso: string): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeZone: "UTC" }).format(new Date(iso));
}

export function formatCoinChange(locale: Locale, delta: number): string {
  return delta.toLocaleString(locale, { signDisplay: "exceptZero" });
}
