import Link from "next/link";
import { getLocale } from "next-intl/server";
import { OverviewSection } from "@/components/admin/overview/overview-section";
import { countText, overviewTexts } from "@/components/admin/overview/overview-texts";
import { formatDateTime } from "@/components/format";
import { reconcileFigures } from "@/components/admin/overview/figures";

// The newest reconcile run: when, started by what, and what it found; its drift report is on
// /admin/reconcile.

export async function LastReconcileSection() {
  const [t, locale, run] = await Promise.all([overviewTexts(), getLocale(), reconcileFigures()]);
  const figures = run
    ? ([
        ["checked", run.checked],
        ["changed", run.changed],
        ["drift", run.drift],
        ["errors", run.errors],
      ] as const)
    : [];
  return (
    <OverviewSection id="last-reconcile" title={t("reconcile.heading")}>
      <div className="card space-y-3">
        {run ? (
          <>
            <p className="text-slate-900">
              {t("reconcile.started", { time: formatDateTime(locale, run.startedAt), trigger: run.trigger })}
              <br />
              <span className="text-slate-600">{run.finishedAt ? t("reconcile.finished", { time: formatDateTime(locale, run.finishedAt) }) : t("reconcile.running")}</span>
            </p>
            <dl className="grid grid-cols-2 gap-3 sm:grid-cols-4">
              {figures.map(([key, value]) => (
                <div key={key}>
                  <dt className="text-xs font-medium text-slate-600">{t(`reconcile.${key}`)}</dt>
                  <dd className={`text-2xl font-bold tabular-nums ${(key === "drift" || key === "errors") && value > 0 ? "text-amber-800" : "text-slate-900"}`}>{countText(locale, value)}</dd>
                </div>
              ))}
            </dl>
          </>
        ) : (
          <p className="text-slate-900">{t("reconcile.never")}</p>
        )}
        <p>
          <Link href="/admin/reconcile" className="text-link">
            {t("reconcile.toReconcile")}
          </Link>
        </p>
      </div>
    </OverviewSection>
  );
}
