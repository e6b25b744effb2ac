import Link from "next/link";
import { getLocale } from "next-intl/server";
import { OverviewSection } from "@/components/admin/overview/overview-section";
import { ageText, countText, millisecondsText, overviewTexts } from "@/components/admin/overview/overview-texts";
import { formatDateTime } from "@/components/format";
import { webhookFigures, overviewMoment } from "@/components/admin/overview/figures";

// Whether Stripe's events arrive and are handled: the last arrival, the last 24 hours' outcomes and
// processing times, and the event that has waited longest.

export async function WebhookHealthSection() {
  const [t, locale, webhooks] = await Promise.all([overviewTexts(), getLocale(), webhookFigures()]);
  const now = overviewMoment();
  const { last24h, oldestUnfinished } = webhooks;
  const lastAge = last24h.lastReceivedAt ? Math.max(0, Math.floor((now.getTime() - Date.parse(last24h.lastReceivedAt)) / 1000)) : null;
  const counts = [
    ["processed", last24h.processed, "text-slate-900"],
    ["ignored", last24h.ignored, "text-slate-900"],
    ["failed", last24h.failed, last24h.failed > 0 ? "text-red-800" : "text-slate-900"],
    ["inProgress", last24h.inProgress, "text-slate-900"],
  ] as const;
  return (
    <OverviewSection id="webhook-health" title={t("webhooks.heading")}>
      <dl className="grid grid-cols-1 gap-4 sm:grid-cols-2 lg:grid-cols-4">
        <div className="card">
          <dt className="text-sm font-medium text-slate-600">{t("webhooks.lastReceived")}</dt>
          {last24h.lastReceivedAt && lastAge !== null ? (
            <>
              <dd className="mt-2 text-2xl font-bold text-slate-900">{t("webhooks.ago", { age: ageText(t, lastAge) })}</dd>
              <dd className="mt-1 text-sm text-slate-600">
                <time dateTime={last24h.lastReceivedAt}>{formatDateTime(locale, last24h.lastReceivedAt)}</time>
              </dd>
            </>
          ) : (
            <dd className="mt-2 text-2xl font-bold text-slate-900">{t("webhooks.never")}</dd>
          )}
        </div>
        <div className="card sm:col-span-1 lg:col-span-2">
          <dt className="text-sm font-medium text-slate-600">{t("webhooks.last24h")}</dt>
          <dd className="mt-2">
            <dl className="grid grid-cols-2 gap-3 sm:grid-cols-4">
              {counts.map(([key, count, tone]) => (
                <div key={key}>
                  <dt className="text-xs font-medium text-slate-600">{t(`webhooks.${key}`)}</dt>
                  <dd className={`text-2xl font-bold tabular-nums ${tone}`}>{countText(locale, count)}</dd>
                </div>
              ))}
            </dl>
          </dd>
        </div>
        <div className="card">
          <dt className="text-sm font-medium text-slate-600">{t("webhooks.processingTime")}</dt>
          <dd className="mt-2 text-lg font-semibold tabular-nums text-slate-900">
            {last24h.p50Ms === null || last24h.p99Ms === null
              ? t("webhooks.noTimings")
              : t("webhooks.percentiles", { p50: millisecondsText(t, locale, last24h.p50Ms), p99: millisecondsText(t, locale, last24h.p99Ms) })}
          </dd>
        </div>
      </dl>
      <div className="card space-y-1">
        <h3 className="text-sm font-medium text-slate-600">{t("webhooks.oldestUnfinished")}</h3>
        {oldestUnfinished ? (
          <>
            <p className="font-mono text-sm break-all text-slate-900">{oldestUnfinished.id}</p>
            <p className="text-slate-900">{t("webhooks.unfinished", { type: oldestUnfinished.type, age: ageText(t, oldestUnfinished.ageSeconds), attempts: oldestUnfinished.attempts })}</p>
            {oldestUnfinished.lastError && <p className="break-words text-red-800">{t("webhooks.lastError", { error: oldestUnfinished.lastError })}</p>}
            <p className="text-sm text-slate-600">{t("webhooks.unfinishedCount", { unfinished: webhooks.unfinished, failing: webhooks.failing })}</p>
          </>
        ) : (
          <p className="text-slate-900">{t("webhooks.noneUnfinished")}</p>
        )}
        <p className="pt-2">
          <Link href="/admin/events" className="text-link">
            {t("webhooks.toEvents")}
          </Link>
        </p>
      </div>
    </OverviewSection>
  );
}
