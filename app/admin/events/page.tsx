import { randomUUID } from "node:crypto";
import type { Metadata } from "next";
import { getLocale, getTranslations } from "next-intl/server";
import { eventLog } from "@/lib/admin/events/event-log";
import { parseLogQuery } from "@/lib/admin/events/log-query";
import { requireOperatorPage } from "@/lib/admin/operator";
import { errorTexts } from "@/lib/i18n/error-texts";
import { FormError } from "@/components/form-error";
import { CatchUpForm, type CatchUpTexts } from "@/components/admin/events/catch-up-form";
import { EventLogList } from "@/components/admin/events/event-log-list";
import { LogFilters } from "@/components/admin/events/log-filters";
import { PageLinks } from "@/components/admin/events/page-links";
import { ReplayForm, type ReplayTexts } from "@/components/admin/events/replay-form";

export async function generateMetadata(): Promise<Metadata> {
  await requireOperatorPage();
  return { title: (await getTranslations("admin.events"))("title") };
}

type Params = Record<string, string | string[] | undefined>;

function asSearchParams(params: Params): URLSearchParams {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) for (const each of [value ?? []].flat()) query.append(name, each);
  return query;
}

export default async function EventsPage({ searchParams }: { searchParams: Promise<Params> }) {
  await requireOperatorPage();
  const [t, common, locale, errors, params] = await Promise.all([getTranslations("admin.events"), getTranslations("admin.common"), getLocale(), errorTexts(), searchParams]);
  const query = asSearchParams(params);
  const parsed = parseLogQuery(query);
  const page = parsed.ok ? await eventLog(parsed.filter) : null;
  const values = { type: query.get("type") ?? "", outcome: query.get("outcome") ?? "", q: query.get("q") ?? "" };

  const replayTexts: ReplayTexts = {
    eventId: t("eventId"),
    eventIdHint: t("eventIdHint"),
    reason: common("reason"),
    reasonHint: common("reasonHint"),
    replay: t("replay"),
    replaying: t("replaying"),
    results: { processed: t("replayResult.processed"), duplicate: t("replayResult.duplicate"), ignored: t("replayResult.ignored") },
    // Stripe's 404 for an event is always "no such event, or older than 30 days".
    errors: { ...errors, byCode: { ...errors.byCode, not_found: t("replayNotFound") } },
  };
  const catchUpTexts: CatchUpTexts = {
    locale,
    since: t("since"),
    sinceHint: t("sinceHint"),
    reason: common("reason"),
    reasonHint: common("reasonHint"),
    catchUp: t("catchUp"),
    catchingUp: t("catchingUp"),
    result: t("catchUpResult"),
    left: t("catchUpLeft"),
    partial: t("catchUpPartial"),
    errors,
  };
  const pageHref = (cursor: string) => {
    const next = new URLSearchParams({ ...values, cursor });
    for (const [name, value] of [...next]) if (value === "") next.delete(name);
    return `/admin/events?${next.toString()}`;
  };

  return (
    <div className="space-y-8">
      <div>
        <h1 className="text-3xl font-bold tracking-tight text-slate-900">{t("title")}</h1>
        <p className="mt-2 text-slate-600">{t("intro")}</p>
      </div>
      <section aria-labelledby="recover-heading" className="space-y-4">
        <h2 id="recover-heading" className="text-xl font-semibold text-slate-900">
          {t("recover")}
        </h2>
        <div className="grid grid-cols-1 gap-6 lg:grid-cols-2">
          <section aria-labelledby="replay-heading" className="card space-y-3">
            <h3 id="replay-heading" className="text-lg font-semibold text-slate-900">
              {t("replayHeading")}
            </h3>
            <p className="text-sm text-slate-600">{t("replayHelp")}</p>
            <ReplayForm texts={replayTexts} submissionId={randomUUID()} />
          </section>
          <section aria-labelledby="catch-up-heading" className="card space-y-3">
            <h3 id="catch-up-heading" className="text-lg font-semibold text-slate-900">
              {t("catchUpHeading")}
            </h3>
            <p className="text-sm text-slate-600">{t("catchUpHelp")}</p>
            <CatchUpForm texts={catchUpTexts} submissionId={randomUUID()} />
          </section>
        </div>
      </section>
      <LogFilters values={values} />
      <FormError message={parsed.ok ? null : t(`problems.${parsed.problem}`)} />
      {page && (
        <>
          <EventLogList events={page.rows} replayTexts={replayTexts} submissionIds={page.rows.map(() => randomUUID())} />
          <PageLinks label={t("log")} newer={page.newer} older={page.older} href={pageHref} />
        </>
      )}
    </div>
  );
}
