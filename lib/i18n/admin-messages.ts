import type { Locale } from "@/lib/i18n/locales";
import auditEn from "@/lib/i18n/messages/admin/audit.en.json";
import auditZh from "@/lib/i18n/messages/admin/audit.zh-CN.json";
import buyersEn from "@/lib/i18n/messages/admin/buyers.en.json";
import buyersZh from "@/lib/i18n/messages/admin/buyers.zh-CN.json";
import commonEn from "@/lib/i18n/messages/admin/common.en.json";
import commonZh from "@/lib/i18n/messages/admin/common.zh-CN.json";
import eventsEn from "@/lib/i18n/messages/admin/events.en.json";
import eventsZh from "@/lib/i18n/messages/admin/events.zh-CN.json";
import overviewEn from "@/lib/i18n/messages/admin/overview.en.json";
import overviewZh from "@/lib/i18n/messages/admin/overview.zh-CN.json";
import purchasesEn from "@/lib/i18n/messages/admin/purchases.en.json";
import purchasesZh from "@/lib/i18n/messages/admin/purchases.zh-CN.json";
import reconcileEn from "@/lib/i18n/messages/admin/reconcile.en.json";
import reconcileZh from "@/lib/i18n/messages/admin/reconcile.zh-CN.json";

// The operator's console's words, one file per console section and language, under the `admin`
// namespace (t = getTranslations("admin.purchases")). Kept apart from the buyer's messages so that
// a section's words live beside each other and the buyer's pages never carry them.

const english = {
  common: commonEn,
  overview: overviewEn,
  purchases: purchasesEn,
  buyers: buyersEn,
  events: eventsEn,
  reconcile: reconcileEn,
  audit: auditEn,
};

export type AdminMessages = typeof english;

export const adminMessages: Record<Locale, AdminMessages> = {
  en: english,
  "zh-CN": {
    common: commonZh,
    overview: overviewZh,
    purchases: purchasesZh,
    buyers: buyersZh,
    events: eventsZh,
    reconcile: reconcileZh,
    audit: auditZh,
  },
};
