// The storefront's languages. Safe for the browser: the choosing (lib/i18n/negotiate.ts) stays on
// the server, with its Accept-Language parser.

export const locales = ["en", "zh-CN"] as const;
export type Locale = (typeof locales)[number];
export const defaultLocale: Locale = "en";

/** The cookie that remembers a language chosen in the header; it wins over Accept-Language. */
export const localeCookie = "NEXT_LOCALE";

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (locales as readonly string[]).includes(value);
}

/** Stripe's name for the language: its Checkout speaks "zh" as Simplified Chinese. */
export function stripeLocale(locale: Locale): "en" | "zh" {
  return locale === "zh-CN" ? "zh" : "en";
}
