import type { Metadata } from "next";
import { getLocale, getTranslations } from "next-intl/server";
import { requireOperatorPage } from "@/lib/admin/operator";
import { overviewMoment } from "@/components/admin/overview/figures";
import { overviewTexts } from "@/components/admin/overview/overview-texts";
import { formatDateTime } from "@/components/format";
import { HealthBanner } from "@/components/admin/overview/health-banner";
import { LastReconcileSection } from "@/components/admin/overview/last-reconcile-section";
import { OpenAlertsSection } from "@/components/admin/overview/open-alerts-section";
import { OpenDisputesSection } from "@/components/admin/overview/open-disputes-section";
import { PaymentRatesSection } from "@/components/admin/overview/payment-rates-section";
import { RevenueSection } from "@/components/admin/overview/revenue-section";
import { WebhookHealthSection } from "@/components/admin/overview/webhook-health-section";

export async function generateMetadata(): Promise<Metadata> {
  await requireOperatorPage();
  return { title: (await getTranslations("admin.overview"))("title") };
}

// The store at a glance: whether payments are healthy and the open alerts, then revenue, success
// rates, disputes, webhooks and reconcile. Every figure is an aggregate the database works out
// (lib/admin/overview/), as of one moment; each section reads its own (figures.ts), in parallel.
export default async function OverviewPage() {
  await requireOperatorPage();
  const [t, locale] = await Promise.all([overviewTexts(), getLocale()]);

  return (
    <div className="space-y-10">
      <div>
        <h1 className="text-3xl font-bold tracking-tight text-slate-900">{t("title")}</h1>
        <p className="mt-2 text-slate-600">{t("intro", { time: formatDateTime(locale, overviewMoment().toISOString()) })}</p>
      </div>
      <HealthBanner />
      <OpenAlertsSection />
      <RevenueSection />
      <PaymentRatesSection />
      <WebhookHealthSection />
      <div className="grid grid-cols-1 gap-10 lg:grid-cols-2">
        <OpenDisputesSection />
        <LastReconcileSection />
      </div>
    </div>
  );
}
