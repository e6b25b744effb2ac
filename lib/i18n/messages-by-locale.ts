import type { Locale } from "@/lib/i18n/locales";
import en from "@/lib/i18n/messages/en.json";
import zhCN from "@/lib/i18n/messages/zh-CN.json";
import { adminMessages } from "@/lib/i18n/admin-messages";
import { accountMessages } from "@/lib/i18n/account-messages";
import paidEn from "@/lib/i18n/messages/paid/paid.en.json";
import paidZh from "@/lib/i18n/messages/paid/paid.zh-CN.json";

// Every message of the store in each language. Both are imported statically: they are small, and
// a dynamic import per request would cost more than it saves.

const messages = {
  en: { ...en, admin: adminMessages.en, paid: paidEn, accounts: accountMessages.en },
  "zh-CN": { ...zhCN, admin: adminMessages["zh-CN"], paid: paidZh, accounts: accountMessages["zh-CN"] },
} satisfies Record<Locale, typeof en & { admin: unknown; paid: typeof paidEn; accounts: unknown }>;

export function messagesOf(locale: Locale): (typeof messages)[Locale] {
  return messages[locale];
}
