import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import type { ReactNode } from "react";
import { requireOperatorPage } from "@/lib/admin/operator";
import { AdminNav } from "@/components/admin/admin-nav";

export async function generateMetadata(): Promise<Metadata> {
  await requireOperatorPage();
  const t = await getTranslations("admin.common");
  return { title: { default: t("consoleTitle"), template: `%s · ${t("consoleTitle")}` }, robots: { index: false } };
}

// Every /admin page is for operators only: anyone else gets the 404 page, as for a path that does
// not exist, titled as one too (each generateMetadata asks first, or the 404 page would be titled
// "Store console"). Each page asks again (requireOperatorPage is cached per render), because a
// layout does not guard what a page streams on its own.
export default async function AdminLayout({ children }: { children: ReactNode }) {
  await requireOperatorPage();
  const t = await getTranslations("admin.common");
  const items = [
    { href: "/admin", label: t("overview") },
    { href: "/admin/purchases", label: t("purchases") },
    { href: "/admin/buyers", label: t("buyers") },
    { href: "/admin/events", label: t("events") },
    { href: "/admin/reconcile", label: t("reconcile") },
    { href: "/admin/audit", label: t("audit") },
  ];
  return (
    <div className="space-y-6">
      <AdminNav label={t("sections")} items={items} />
      {children}
    </div>
  );
}
