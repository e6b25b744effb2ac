import type { Locale } from "@/lib/i18n/locales";
import pagesEn from "@/lib/i18n/messages/account/pages.en.json";
import pagesZh from "@/lib/i18n/messages/account/pages.zh-CN.json";

// The words of getting into and managing an account (sign-up's "check your inbox", forgot and
// reset password, verification, account settings, the console's reset link), under the
// `accounts` namespace. The mail's words are beside them (mail.<locale>.json, lib/mail/compose.ts).

export type AccountMessages = typeof pagesEn;

export const accountMessages: Record<Locale, AccountMessages> = { en: pagesEn, "zh-CN": pagesZh };
