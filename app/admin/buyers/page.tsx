import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { requireOperatorPage } from "@/lib/admin/operator";
import { searchBuyers } from "@/lib/admin/buyers/search";
import { BuyerHits, BuyerSearchForm } from "@/components/admin/buyers/buyer-search";

export async function generateMetadata(): Promise<Metadata> {
  await requireOperatorPage();
  return { title: (await getTranslations("admin.buyers"))("title") };
}

export default async function BuyersPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requireOperatorPage();
  const [t, params] = await Promise.all([getTranslations("admin.buyers"), searchParams]);
  const query = [params.q ?? ""].flat()[0]?.trim() ?? "";
  const found = query === "" ? null : await searchBuyers(query);

  return (
    <div className="space-y-8">
      <div>
        <h1 className="text-3xl font-bold tracking-tight text-slate-900">{t("title")}</h1>
        <p className="mt-2 text-slate-600">{t("intro")}</p>
      </div>
      <BuyerSearchForm query={query} />
      {found && <BuyerHits query={query} hits={found.hits} />}
    </div>
  );
}
