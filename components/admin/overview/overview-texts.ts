import { getLocale } from "next-intl/server";
import type { MessageKeys, NestedKeyOf } from "next-intl";
import { IntlMessageFormat, type PrimitiveType } from "intl-messageformat";
import { cache } from "react";
import type { Locale } from "@/lib/i18n/locales";
import { messagesOf } from "@/lib/i18n/messages-by-locale";
import { keptDateFormat, keptNumberFormat } from "@/components/format";

// The overview's words and number formats, shared by its sections; money and dates read as
// components/format.ts writes them everywhere else, from the formatters it keeps.
//
// The overview formats about a hundred messages with figures in them per render. next-intl's
// translator, on every such call, rebuilds its formats object and looks the parsed message up by a
// JSON.stringify of it (about a millisecond of the overview's server time in a CPU profile). So
// the overview formats with intl-messageformat, the engine next-intl itself runs, and keeps each
// parsed message for the life of the process: one per message and language, a set that does not
// grow with traffic. Its messages use plural and select only, which need no formats of next-intl's.

type OverviewMessages = ReturnType<typeof messagesOf>["admin"]["overview"];
type OverviewKey = MessageKeys<OverviewMessages, NestedKeyOf<OverviewMessages>>;

export type OverviewTexts = (key: OverviewKey, values?: Record<string, PrimitiveType>) => string;

const keptMessages = new Map<string, IntlMessageFormat>();

function parsedMessage(locale: Locale, key: OverviewKey): IntlMessageFormat {
  const id = `${locale} ${key}`;
  let message = keptMessages.get(id);
  if (!message) {
    const text = key.split(".").reduce<unknown>((node, part) => (node as Record<string, unknown>)[part], messagesOf(locale).admin.overview);
    if (typeof text !== "string") throw new Error(`admin.overview.${key} is not a message in ${locale}`);
    keptMessages.set(id, (message = new IntlMessageFormat(text, locale)));
  }
  return message;
}

/** The overview's messages in `locale`, formatted as next-intl formats them. */
export function overviewTranslator(locale: Locale): OverviewTexts {
  return (key, values) => String(parsedMessage(locale, key).format(values));
}

export const overviewTexts = cache(async () => overviewTranslator(await getLocale()));

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
