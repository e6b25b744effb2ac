import type { Locale } from "@/lib/i18n/locales";
import { keptDateFormat } from "@/components/format";

// A timeline's steps are often seconds apart: the console shows times to the second, in UTC.
export function formatMoment(locale: Locale, iso: string): string {
  const options: Intl.DateTimeFormatOptions = { year: "numeric", month: "short", day: "numeric", hour: "numeric", minute: "2-digit", second: "2-digit", timeZone: "UTC", timeZoneName: "short" };
  return keptDateFormat("moment", locale, options).format(new Date(iso));
}
