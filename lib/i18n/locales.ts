import Negotiator from "negotiator";

// The storefront's languages. English is the fallback for a browser that asks for neither.

export const locales = ["en", "zh-CN"] as const;
export type Locale = (typeof locales)[number];
export const defaultLocale: Locale = "en";

/** The cookie that remembers a language chosen in the header; it wins over Accept-Language. */
export const localeCookie = "NEXT_LOCALE";

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (locales as readonly string[]).includes(value);
}

/**
 * The first language in the browser's preference order that the storefront speaks. Matched on the
 * language alone: en-GB reads English, and any Chinese (zh, zh-TW, zh-Hans-CN) reads zh-CN, the
 * only Chinese there is.
 */
export function localeFromAcceptLanguage(acceptLanguage: string | null): Locale {
  const preferred = new Negotiator({ headers: { "accept-language": acceptLanguage ?? "" } }).languages();
  for (const tag of preferred) {
    const language = tag.split("-")[0]?.toLowerCase();
    if (language === "en") return "en";
    if (language === "zh") return "zh-CN";
  }
  return defaultLocale;
}

/** The language of an API request: route handlers answer for the page that sent them. */
export function localeOfRequest(request: Request): Locale {
  const cookie = request.headers
    .get("cookie")
    ?.split(";")
    .map((pair) => pair.trim().split("="))
    .find(([name]) => name === localeCookie)?.[1];
  return chosenLocale(cookie, request.headers.get("accept-language"));
}

export function chosenLocale(cookieValue: string | undefined, acceptLanguage: string | null): Locale {
  return isLocale(cookieValue) ? cookieValue : localeFromAcceptLanguage(acceptLanguage);
}

/** Stripe's name for the language: its Checkout and billing portal speak "zh" as Simplified Chinese. */
export function stripeLocale(locale: Locale): "en" | "zh" {
  return locale === "zh-CN" ? "zh" : "en";
}
