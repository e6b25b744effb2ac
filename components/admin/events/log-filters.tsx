import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { EVENT_STATUSES } from "@/lib/admin/events/events-api";
import { handledEventTypes } from "@/lib/payments/webhook/handled-events";

export interface LogFilterValues {
  type: string;
  outcome: string;
  q: string;
}

const field = "block min-h-11 w-full rounded-lg border border-slate-400 bg-white px-3 py-2 text-slate-900 shadow-sm focus-visible:border-indigo-600";
const label = "block text-sm font-medium text-slate-800";

// A plain GET form: a filtered log is an address the operator can bookmark, share and reload. The
// types offered are the ones the store acts on, so the list needs no read of a million events.
export async function LogFilters({ values }: { values: LogFilterValues }) {
  const t = await getTranslations("admin.events");
  const types = [...handledEventTypes].sort();
  return (
    <section aria-labelledby="event-filters-heading" className="card space-y-4">
      <h2 id="event-filters-heading" className="text-xl font-semibold text-slate-900">
        {t("filters")}
      </h2>
      <form method="get" action="/admin/events" className="grid grid-cols-1 gap-4 sm:grid-cols-2 lg:grid-cols-4">
        <div className="space-y-1.5 sm:col-span-2">
          <label htmlFor="event-q" className={label}>
            {t("search")}
          </label>
          <input id="event-q" name="q" type="search" defaultValue={values.q} aria-describedby="event-q-hint" autoComplete="off" spellCheck={false} className={field} />
          <p id="event-q-hint" className="text-sm text-slate-600">
            {t("searchHint")}
          </p>
        </div>
        <div className="space-y-1.5">
          <label htmlFor="event-type" className={label}>
            {t("type")}
          </label>
          <select id="event-type" name="type" defaultValue={values.type} className={field}>
            <option value="">{t("anyType")}</option>
            {types.map((type) => (
              <option key={type} value={type}>
                {type}
              </option>
            ))}
          </select>
        </div>
        <div className="space-y-1.5">
          <label htmlFor="event-outcome" className={label}>
            {t("outcome")}
          </label>
          <select id="event-outcome" name="outcome" defaultValue={values.outcome} className={field}>
            <option value="">{t("anyOutcome")}</option>
            {EVENT_STATUSES.map((status) => (
              <option key={status} value={status}>
                {t(`statuses.${status}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="flex flex-wrap items-center gap-4 sm:col-span-2 lg:col-span-4">
          <button type="submit" className="button-primary">
            {t("filter")}
          </button>
          <Link href="/admin/events" className="text-link text-sm">
            {t("clear")}
          </Link>
        </div>
      </form>
    </section>
  );
}
