import type { Locale } from "@/lib/i18n/locales";

// A timeline's steps are often seconds apart: the console shows times to the second, in UTC.
export function formatMoment(locale: Locale, iso: string): string {
  return new Intl.DateTimeFormat(locale, {
    year: "numeric",
    month: "short",
    day: "numeric",
    hour: "numeric",
    minute: "2-digit",
    second: "2-digit",
    timeZone: "UTC",
    timeZoneName: "short",
  }).format(new Date(iso));
}
