import Negotiator from "negotiator";
import { defaultLocale, isLocale, localeCookie, type Locale } from "@/lib/i18n/locales";

// Which language a request gets: the header switch's cookie, else the browser's Accept-Language,
// else English.

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
