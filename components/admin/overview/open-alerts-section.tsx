import { getLocale } from "next-intl/server";
import { CONDITIONS } from "@/lib/observability/alerts/conditions";
import { OverviewSection } from "@/components/admin/overview/overview-section";
import { overviewTexts } from "@/components/admin/overview/overview-texts";
import { formatDateTime } from "@/components/format";
import { alertFigures } from "@/components/admin/overview/figures";

// The alerts the reconcile cron keeps open (lib/observability/alerts/): what, since when, and
// whether ALERT_WEBHOOK_URL was told. The summary is the alert's own words, with its figures.

const isKnown = (condition: string): condition is (typeof CONDITIONS)[number] => (CONDITIONS as readonly string[]).includes(condition);

export async function OpenAlertsSection() {
  const [t, locale, alerts] = await Promise.all([overviewTexts(), getLocale(), alertFigures()]);
  return (
    <OverviewSection id="open-alerts" title={t("alerts.heading")}>
      <div className="card space-y-3">
        {alerts.length === 0 ? (
          <p className="text-slate-900">{t("alerts.none")}</p>
        ) : (
          <ul className="space-y-3">
            {alerts.map((alert) => (
              <li key={alert.condition} className="border-l-4 border-amber-600 pl-3">
                <p className="font-semibold text-slate-900">{isKnown(alert.condition) ? t(`alerts.conditions.${alert.condition}`) : alert.condition}</p>
                <p className="text-slate-700">{alert.summary}</p>
                <p className="text-sm text-slate-600">
                  {t("alerts.since", { time: formatDateTime(locale, alert.firingSince.toISOString()) })}
                  {" · "}
                  {alert.lastNotifiedAt ? t("alerts.notified", { time: formatDateTime(locale, alert.lastNotifiedAt.toISOString()) }) : t("alerts.notNotified")}
                </p>
              </li>
            ))}
          </ul>
        )}
      </div>
    </OverviewSection>
  );
}
