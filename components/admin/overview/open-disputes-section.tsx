import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { stripeDashboardUrl } from "@/lib/admin/stripe-dashboard";
import { productNames } from "@/lib/i18n/product-texts";
import { OverviewSection } from "@/components/admin/overview/overview-section";
import { overviewTexts, type OverviewTexts } from "@/components/admin/overview/overview-texts";
import { formatDateTime, formatMoney } from "@/components/format";
import { disputeFigures } from "@/components/admin/overview/figures";

// How many disputes are open, and the newest few with what was bought, by whom and for how much,
// each linking to its purchase's page in the console and to the dispute in Stripe's Dashboard.

const KNOWN_STATUSES = new Set(["warning_needs_response", "warning_under_review", "needs_response", "under_review"]);

function statusText(t: OverviewTexts, status: string): string {
  return KNOWN_STATUSES.has(status) ? t(`disputes.status.${status as "needs_response"}`) : status;
}

export async function OpenDisputesSection() {
  const [t, common, locale, nameOf, disputes] = await Promise.all([overviewTexts(), getTranslations("admin.common"), getLocale(), productNames(), disputeFigures()]);
  return (
    <OverviewSection id="open-disputes" title={t("disputes.heading")}>
      <p className="text-slate-700">{t("disputes.count", { count: disputes.count })}</p>
      {disputes.newest.length > 0 && (
        <>
          <p className="text-sm text-slate-600">{t("disputes.newest", { count: disputes.newest.length })}</p>
          <ul className="divide-y divide-slate-200 rounded-2xl border border-slate-200 bg-white text-sm shadow-sm">
            {disputes.newest.map((dispute) => {
              const product = dispute.productKey ? nameOf(dispute.productKey) : t("disputes.unknownProduct");
              const stripeUrl = stripeDashboardUrl(dispute.id);
              return (
                <li key={dispute.id} className="space-y-1 px-4 py-3">
                  <p className="flex flex-wrap justify-between gap-x-3">
                    <span className="font-medium text-slate-900">{product}</span>
                    {dispute.amountCents !== null && dispute.currency && (
                      <span className="font-semibold tabular-nums text-slate-900">{formatMoney(locale, dispute.amountCents, dispute.currency)}</span>
                    )}
                  </p>
                  <p className="break-words text-slate-600">
                    <span className="rounded-full bg-red-100 px-2 py-0.5 text-xs font-semibold text-red-900">{statusText(t, dispute.status)}</span>{" "}
                    {dispute.buyerEmail ?? t("disputes.unknownBuyer")} · <time dateTime={dispute.openedAt}>{t("disputes.opened", { time: formatDateTime(locale, dispute.openedAt) })}</time>
                  </p>
                  <p className="flex flex-wrap gap-x-4 gap-y-1">
                    <Link href={`/admin/purchases/${encodeURIComponent(dispute.checkoutSessionId)}`} className="text-link">
                      {t("disputes.purchase")}
                      <span className="sr-only">
                        {" "}
                        ({product}, {dispute.checkoutSessionId})
                      </span>
                    </Link>
                    {stripeUrl && (
                      <a href={stripeUrl} className="text-link" target="_blank" rel="noopener noreferrer">
                        {common("stripeDashboard")}
                        <span className="sr-only">
                          {" "}
                          ({dispute.id})
                        </span>
                      </a>
                    )}
                  </p>
                </li>
              );
            })}
          </ul>
        </>
      )}
    </OverviewSection>
  );
}
