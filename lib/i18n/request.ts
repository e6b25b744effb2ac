import { cookies, headers } from "next/headers";
import { getRequestConfig } from "next-intl/server";
import { localeCookie, type Locale } from "@/lib/i18n/locales";
import { chosenLocale } from "@/lib/i18n/negotiate";
import en from "@/lib/i18n/messages/en.json";
import zhCN from "@/lib/i18n/messages/zh-CN.json";
import { adminMessages } from "@/lib/i18n/admin-messages";
import { accountMessages } from "@/lib/i18n/account-messages";
import paidEn from "@/lib/i18n/messages/paid/paid.en.json";
import paidZh from "@/lib/i18n/messages/paid/paid.zh-CN.json";

// next-intl asks this once per request: the language is the cookie's, else the browser's.
// Both message files are imported statically: they are small, and a dynamic import per request
// would cost more than it saves.

const messages = {
  en: { ...en, admin: adminMessages.en, paid: paidEn, accounts: accountMessages.en },
  "zh-CN": { ...zhCN, admin: adminMessages["zh-CN"], paid: paidZh, accounts: accountMessages["zh-CN"] },
} satisfies Record<Locale, typeof en & { admin: unknown; paid: typeof paidEn; accounts: unknown }>;

async function requestLocale(): Promise<Locale> {
  const [cookieStore, requestHeaders] = await Promise.all([cookies(), headers()]);
  return chosenLocale(cookieStore.get(localeCookie)?.value, requestHeaders.get("accept-language"));
}

export default getRequestConfig(async () => {
  const locale = await requestLocale();
  // Server-rendered dates use UTC, labelled as such, so the text never depends on where the server runs.
  return { locale, messages: messages[locale], timeZone: "UTC" };
});
