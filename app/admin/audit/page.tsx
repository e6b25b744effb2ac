import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { auditEntries } from "@/lib/admin/audit/entries";
import { pageCursorParam } from "@/lib/admin/page-cursor";
import { requireOperatorPage } from "@/lib/admin/operator";
import { FormError } from "@/components/form-error";
import { AuditList } from "@/components/admin/audit/audit-list";
import { PageLinks } from "@/components/admin/events/page-links";

export async function generateMetadata(): Promise<Metadata> {
  await requireOperatorPage();
  return { title: (await getTranslations("admin.audit"))("title") };
}

export default async function AuditPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requireOperatorPage();
  const [t, events, params] = await Promise.all([getTranslations("admin.audit"), getTranslations("admin.events"), searchParams]);
  const cursor = pageCursorParam(params.cursor);
  const problem = cursor === null ? events("problems.cursor") : null;
  const page = cursor === null ? null : await auditEntries(cursor);

  return (
    <div className="space-y-8">
      <div>
        <h1 className="text-3xl font-bold tracking-tight text-slate-900">{t("title")}</h1>
        <p className="mt-2 text-slate-600">{t("intro")}</p>
      </div>
      <FormError message={problem} />
      {page && (
        <>
          <AuditList entries={page.rows} />
          <PageLinks label={t("entries")} newer={page.newer} older={page.older} href={(next) => `/admin/audit?cursor=${next}`} />
        </>
      )}
    </div>
  );
}
