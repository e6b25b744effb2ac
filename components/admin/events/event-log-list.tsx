import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import type { EventStatus, LoggedEvent } from "@/lib/admin/events/event-log";
import { stripeDashboardUrl } from "@/lib/admin/stripe-dashboard";
import { formatDateTime } from "@/components/format";
import { ReplayForm, type ReplayTexts } from "@/components/admin/events/replay-form";

const statusStyle: Record<EventStatus, string> = {
  processed: "bg-emerald-100 text-emerald-900",
  duplicate: "bg-slate-100 text-slate-800",
  ignored: "bg-sky-100 text-sky-900",
  failed: "bg-red-100 text-red-900",
  in_progress: "bg-amber-100 text-amber-900",
};

/** An external link to an object's page in the Stripe Dashboard; screen readers hear which object. */
function DashboardLink({ id, text }: { id: string; text: string }) {
  const href = stripeDashboardUrl(id);
  if (!href) return null;
  return (
    <a href={href} className="text-link" target="_blank" rel="noopener noreferrer">
      {text}
      <span className="sr-only"> ({id})</span>
    </a>
  );
}

/**
 * The log as a list, not a table: each event reads on its own and a phone shows all of it without
 * scrolling sideways. Each row can replay its event (the reason is asked for first).
 */
export async function EventLogList({ events, replayTexts, submissionIds }: { events: LoggedEvent[]; replayTexts: ReplayTexts; submissionIds: string[] }) {
  const [locale, t, common] = await Promise.all([getLocale(), getTranslations("admin.events"), getTranslations("admin.common")]);
  return (
    <section aria-labelledby="event-log-heading" className="space-y-4">
      <h2 id="event-log-heading" className="text-xl font-semibold text-slate-900">
        {t("log")}
      </h2>
      {events.length === 0 ? (
        <p className="card text-slate-600">{t("noEvents")}</p>
      ) : (
        <ul aria-labelledby="event-log-heading" className="divide-y divide-slate-200 rounded-2xl border border-slate-200 bg-white text-sm text-slate-800 shadow-sm">
          {events.map((event, index) => (
            <li key={event.id} className="space-y-2 px-4 py-3">
              <div className="flex flex-wrap items-start justify-between gap-x-4 gap-y-1">
                <div className="min-w-0">
                  <p className="font-medium break-words text-slate-900">{event.type}</p>
                  <p className="flex flex-wrap gap-x-3 text-xs text-slate-600">
                    <span className="font-mono break-all">{event.id}</span>
                    <DashboardLink id={event.id} text={common("stripeDashboard")} />
                  </p>
                </div>
                <span className={`rounded-full px-2 py-0.5 text-xs font-semibold ${statusStyle[event.status]}`}>{t(`statuses.${event.status}`)}</span>
              </div>
              <p className="flex flex-wrap gap-x-3 gap-y-1 text-slate-600">
                <span>{t("receivedAt", { when: formatDateTime(locale, event.firstSeenAt.toISOString()) })}</span>
                <span>{t("attempts", { count: event.attempts })}</span>
                {event.durationMs !== null && <span>{t("took", { ms: event.durationMs.toLocaleString(locale) })}</span>}
              </p>
              {event.objectId && (
                <p className="flex flex-wrap items-center gap-x-3 gap-y-1">
                  <span className="break-all">{t("about", { id: event.objectId })}</span>
                  {event.objectId.startsWith("cs_") && (
                    <Link href={`/admin/purchases/${encodeURIComponent(event.objectId)}`} className="text-link">
                      {t("openPurchase")}
                      <span className="sr-only"> ({event.objectId})</span>
                    </Link>
                  )}
                  <DashboardLink id={event.objectId} text={common("stripeDashboard")} />
                </p>
              )}
              {event.reason && <p className="break-words text-slate-700">{event.reason}</p>}
              {event.lastError && (
                <p className="break-words text-red-800">{event.status === "failed" ? t("lastError", { error: event.lastError }) : t("failedBefore", { error: event.lastError })}</p>
              )}
              <details>
                <summary className="text-link cursor-pointer">
                  {t("replay")}
                  <span className="sr-only"> ({event.id})</span>
                </summary>
                <div className="pt-3">
                  <ReplayForm texts={replayTexts} submissionId={submissionIds[index] ?? ""} eventId={event.id} />
                </div>
              </details>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
