import { randomUUID } from "node:crypto";
import type { Metadata } from "next";
import { getLocale, getTranslations } from "next-intl/server";
import { pageCursorParam } from "@/lib/admin/page-cursor";
import { requireOperatorPage } from "@/lib/admin/operator";
import { reconcileRuns } from "@/lib/admin/reconcile/runs";
import { errorTexts } from "@/lib/i18n/error-texts";
import { FormError } from "@/components/form-error";
import { PageLinks } from "@/components/admin/events/page-links";
import { RunList } from "@/components/admin/reconcile/run-list";
import { RunNowForm } from "@/components/admin/reconcile/run-now-form";

export async function generateMetadata(): Promise<Metadata> {
  await requireOperatorPage();
  return { title: (await getTranslations("admin.reconcile"))("title") };
}

export default async function ReconcilePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requireOperatorPage();
  const [t, locale, errors, params, events] = await Promise.all([getTranslations("admin.reconcile"), getLocale(), errorTexts(), searchParams, getTranslations("admin.events")]);
  const cursor = pageCursorParam(params.cursor);
  const problem = cursor === null ? events("problems.cursor") : null;
  const page = cursor === null ? null : await reconcileRuns(cursor);

  return (
    <div className="space-y-8">
      <div>
        <h1 className="text-3xl font-bold tracking-tight text-slate-900">{t("title")}</h1>
        <p className="mt-2 text-slate-600">{t("intro")}</p>
      </div>
      <section aria-labelledby="run-now-heading" className="card space-y-3">
        <h2 id="run-now-heading" className="text-xl font-semibold text-slate-900">
          {t("runHeading")}
        </h2>
        <RunNowForm
          submissionId={randomUUID()}
          texts={{
            locale,
            reason: t("reasonOptional"),
            reasonHint: (await getTranslations("admin.common"))("reasonHint"),
            runNow: t("runNow"),
            running: t("running"),
            result: t("runResult"),
            errors,
          }}
        />
      </section>
      <FormError message={problem} />
      {page && (
        <>
          <RunList runs={page.rows} />
          <PageLinks label={t("history")} newer={page.newer} older={page.older} href={(next) => `/admin/reconcile?cursor=${next}`} />
        </>
      )}
    </div>
  );
}
