import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import type { AuditEntryView } from "@/lib/admin/audit/entries";
import { formatDateTime } from "@/components/format";

/** The console page of an entry's target, where there is one. */
function targetHref(entry: AuditEntryView): string | null {
  const id = encodeURIComponent(entry.targetId);
  if (entry.targetId.startsWith("cs_")) return `/admin/purchases/${id}`;
  if (entry.targetId.startsWith("evt_")) return `/admin/events?q=${id}`;
  if (entry.targetType === "user") return `/admin/buyers/${id}`;
  return null;
}

const asText = (value: unknown): string => (typeof value === "string" ? value : JSON.stringify(value));

/** A state as the entry kept it: an object's fields one to a line, anything deeper as JSON that wraps on a phone. */
function State({ value, nothing }: { value: unknown; nothing: string }) {
  if (value === null || value === undefined) return <span>{nothing}</span>;
  if (typeof value !== "object" || Array.isArray(value)) return <code className="font-mono text-xs break-all">{asText(value)}</code>;
  return (
    <ul className="space-y-0.5">
      {Object.entries(value).map(([field, each]) => (
        <li key={field} className="font-mono text-xs break-all">
          <span className="text-slate-600">{field}:</span> {asText(each)}
        </li>
      ))}
    </ul>
  );
}

/** The audit log as a list of entries, each naming who, what, on what, why, before → after, the request and when. */
export async function AuditList({ entries }: { entries: AuditEntryView[] }) {
  const [locale, t] = await Promise.all([getLocale(), getTranslations("admin.audit")]);
  return (
    <section aria-labelledby="audit-entries-heading" className="space-y-4">
      <h2 id="audit-entries-heading" className="text-xl font-semibold text-slate-900">
        {t("entries")}
      </h2>
      {entries.length === 0 ? (
        <p className="card text-slate-600">{t("noEntries")}</p>
      ) : (
        <ul aria-labelledby="audit-entries-heading" className="divide-y divide-slate-200 rounded-2xl border border-slate-200 bg-white text-sm text-slate-800 shadow-sm">
          {entries.map((entry) => {
            const href = targetHref(entry);
            return (
              <li key={entry.id} className="space-y-2 px-4 py-3">
                <div className="flex flex-wrap items-start justify-between gap-x-4 gap-y-1">
                  <p className="font-mono font-semibold break-all text-slate-900">{entry.action}</p>
                  <time dateTime={entry.createdAt} className="text-slate-600">
                    {formatDateTime(locale, entry.createdAt)}
                  </time>
                </div>
                <dl className="grid grid-cols-1 gap-x-4 gap-y-1 sm:grid-cols-[max-content_1fr]">
                  <dt className="font-medium text-slate-600">{t("who")}</dt>
                  <dd className="break-all">{entry.actorEmail}</dd>
                  <dt className="font-medium text-slate-600">{t("target")}</dt>
                  <dd className="break-all">
                    {entry.targetType}{" "}
                    {href ? (
                      <Link href={href} className="text-link font-mono text-xs">
                        {entry.targetId}
                      </Link>
                    ) : (
                      <span className="font-mono text-xs">{entry.targetId}</span>
                    )}
                  </dd>
                  <dt className="font-medium text-slate-600">{t("reason")}</dt>
                  <dd className="break-words">{entry.reason || <span className="text-slate-600">{t("noReason")}</span>}</dd>
                  <dt className="font-medium text-slate-600">{t("before")}</dt>
                  <dd>
                    <State value={entry.before} nothing={t("none")} />
                  </dd>
                  <dt className="font-medium text-slate-600">{t("after")}</dt>
                  <dd>
                    <State value={entry.after} nothing={t("none")} />
                  </dd>
                  <dt className="font-medium text-slate-600">{t("requestId")}</dt>
                  <dd className="font-mono text-xs break-all">{entry.requestId}</dd>
                </dl>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
