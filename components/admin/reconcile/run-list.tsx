import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import type { ReconcileRun } from "@/lib/admin/reconcile/runs";
import { formatDateTime } from "@/components/format";

const TRIGGERS = ["cron", "cli", "console"] as const;
type Trigger = (typeof TRIGGERS)[number];
const isTrigger = (value: string): value is Trigger => (TRIGGERS as readonly string[]).includes(value);

/** Where the console shows an object a run changed: a purchase by its Checkout Session, else the id. */
function ObjectName({ id }: { id: string }) {
  if (!id.startsWith("cs_")) return <span className="font-mono text-xs break-all">{id}</span>;
  return (
    <Link href={`/admin/purchases/${encodeURIComponent(id)}`} className="text-link font-mono text-xs break-all">
      {id}
    </Link>
  );
}

/** The runs as a list of cards; a run's drift and errors open on demand, each with its object and buyer. */
export async function RunList({ runs }: { runs: ReconcileRun[] }) {
  const [locale, t] = await Promise.all([getLocale(), getTranslations("admin.reconcile")]);
  return (
    <section aria-labelledby="runs-heading" className="space-y-4">
      <h2 id="runs-heading" className="text-xl font-semibold text-slate-900">
        {t("history")}
      </h2>
      {runs.length === 0 ? (
        <p className="card text-slate-600">{t("noRuns")}</p>
      ) : (
        <ul aria-labelledby="runs-heading" className="divide-y divide-slate-200 rounded-2xl border border-slate-200 bg-white text-sm text-slate-800 shadow-sm">
          {runs.map((run) => {
            const seconds = run.finishedAt ? (new Date(run.finishedAt).getTime() - new Date(run.startedAt).getTime()) / 1000 : null;
            return (
              <li key={run.id} className="space-y-2 px-4 py-3">
                <div className="flex flex-wrap items-start justify-between gap-x-4 gap-y-1">
                  <p className="font-medium text-slate-900">{t("startedAt", { when: formatDateTime(locale, run.startedAt) })}</p>
                  <span className="rounded-full bg-slate-100 px-2 py-0.5 text-xs font-semibold text-slate-800">{isTrigger(run.trigger) ? t(`triggers.${run.trigger}`) : run.trigger}</span>
                </div>
                <p className="flex flex-wrap gap-x-3 gap-y-1 text-slate-600">
                  <span>{t("counts", { checked: run.checked, changed: run.changed, delivered: run.delivered, errors: run.errors, skipped: run.skipped })}</span>
                  {seconds === null ? (
                    <span className="text-amber-900">{t("unfinished")}</span>
                  ) : (
                    <span>{t("took", { seconds: seconds.toLocaleString(locale, { maximumFractionDigits: 1 }) })}</span>
                  )}
                </p>
                {run.drift.length > 0 && (
                  <details>
                    <summary className="text-link cursor-pointer">{t("drift", { count: run.drift.length })}</summary>
                    <ul className="mt-2 space-y-1">
                      {run.drift.map((drift, index) => (
                        <li key={index} className="flex flex-wrap gap-x-2 break-words">
                          <ObjectName id={drift.object} />
                          <span>{drift.change}</span>
                          {drift.userId && (
                            <Link href={`/admin/buyers/${encodeURIComponent(drift.userId)}`} className="text-link">
                              {t("buyer", { id: drift.userId })}
                            </Link>
                          )}
                        </li>
                      ))}
                    </ul>
                  </details>
                )}
                {run.failures.length > 0 && (
                  <details>
                    <summary className="cursor-pointer font-medium text-red-800">{t("failures", { count: run.failures.length })}</summary>
                    <ul className="mt-2 space-y-1 text-red-800">
                      {run.failures.map((failure, index) => (
                        <li key={index} className="break-words">
                          <ObjectName id={failure.object} /> {failure.message}
                        </li>
                      ))}
                    </ul>
                  </details>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
