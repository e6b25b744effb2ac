import type { Locale } from "@/lib/i18n/locales";
import type en from "@/lib/i18n/messages/en.json";
import type { AdminMessages } from "@/lib/i18n/admin-messages";
import type { AccountMessages } from "@/lib/i18n/account-messages";
import type paid from "@/lib/i18n/messages/paid/paid.en.json";

// Every t("…") key is checked against the English messages at compile time, and messages.test.ts
// holds zh-CN to the same keys. (next-intl re-exports use-intl's AppConfig, which is augmented here.)
declare module "use-intl" {
  interface AppConfig {
    Locale: Locale;
    Messages: typeof en & { admin: AdminMessages; paid: typeof paid; accounts: AccountMessages };
  }
}
