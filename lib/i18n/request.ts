import { cookies, headers } from "next/headers";
import { getRequestConfig } from "next-intl/server";
import { localeCookie, type Locale } from "@/lib/i18n/locales";
import { chosenLocale } from "@/lib/i18n/negotiate";
import { messagesOf } from "@/lib/i18n/messages-by-locale";

// next-intl asks this once per request: the language is the cookie's, else the browser's.

async function requestLocale(): Promise<Locale> {
  const [cookieStore, requestHeaders] = await Promise.all([cookies(), headers()]);
  return chosenLocale(cookieStore.get(localeCookie)?.value, requestHeaders.get("accept-language"));
}

export default getRequestConfig(async () => {
  const locale = await requestLocale();
  // Server-rendered dates use UTC, labelled as such, so the text never depends on where the server runs.
  return { locale, messages: messagesOf(locale), timeZone: "UTC" };
});
