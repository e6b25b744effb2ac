import { getLocale } from "next-intl/server";
import { cache } from "react";
import { _createCache, _createIntlFormatters, createTranslator } from "next-intl";
import type { Locale } from "@/lib/i18n/locales";
import { messagesOf } from "@/lib/i18n/messages-by-locale";
import { keptDateFormat, keptNumberFormat } from "@/components/format";

// The overview's words and number formats, shared by its sections; money and dates read as
// components/format.ts writes them everywhere else, from the formatters it keeps.
//
// next-intl parses each message, and builds its formatter, once per request: its cache lives in
// the request. The overview shows some seventy messages with figures in them, so every render
// parsed them all again (about a millisecond of its server time). A parsed message depends only
// on the message, the locale and the formats, so the overview's translator keeps them for the
// life of the process: one entry per message and format in use, a set that does not grow with
// traffic. `_cache` and `_formatters` are use-intl's own hooks for this (next-intl passes its
// per-request ones through them).

const keptMessages = _createCache();
const keptFormatters = _createIntlFormatters(keptMessages);

export const overviewTexts = cache(async () => {
  const locale = await getLocale();
  return createTranslator({ locale, messages: messagesOf(locale), namespace: "admin.overview", timeZone: "UTC", _cache: keptMessages, _formatters: keptFormatters });
});

export type OverviewTexts = Awaited<ReturnType<typeof overviewTexts>>;

/** A UTC day as "Mon, Dec 7" / "12月7日周一". */
export function dayText(locale: Locale, iso: string): string {
  return keptDateFormat("day", locale, { month: "short", day: "numeric", weekday: "short", timeZone: "UTC" }).format(new Date(iso));
}

export function percentText(locale: Locale, ratio: number): string {
  return keptNumberFormat("percent", locale, { style: "percent", maximumFractionDigits: 1 }).format(ratio);
}

export function countText(locale: Locale, count: number): string {
  return keptNumberFormat("count", locale, {}).format(count);
}

export function millisecondsText(t: OverviewTexts, locale: Locale, ms: number): string {
  const digits = ms < 10 ? 1 : 0;
  return t("milliseconds", { value: keptNumberFormat(`ms ${digits}`, locale, { maximumFractionDigits: digits }).format(ms) });
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
