import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { requireOperatorPage } from "@/lib/admin/operator";
import { parsePurchaseSearch } from "@/lib/admin/purchases/search-input";
import { searchPurchases, type PurchasePage } from "@/lib/admin/purchases/search";
import { ApiError } from "@/lib/http/api-error";
import { FormError } from "@/components/form-error";
import { PurchaseList } from "@/components/admin/purchases/purchase-list";
import { SearchForm, type SearchFormValues } from "@/components/admin/purchases/search-form";

export async function generateMetadata(): Promise<Metadata> {
  await requireOperatorPage();
  return { title: (await getTranslations("admin.purchases"))("title") };
}

type Params = Record<string, string | string[] | undefined>;

function asSearchParams(params: Params): URLSearchParams {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) for (const each of [value ?? []].flat()) query.append(name, each);
  return query;
}

/** What the form shows: the first of each field as given, so the operator sees what was searched. */
function formValues(query: URLSearchParams): SearchFormValues {
  const first = (name: string) => query.get(name) ?? "";
  return { q: first("q"), status: first("status"), product: first("product"), from: first("from"), to: first("to") };
}

export default async function PurchasesPage({ searchParams }: { searchParams: Promise<Params> }) {
  await requireOperatorPage();
  const [t, apiErrors, params] = await Promise.all([getTranslations("admin.purchases"), getTranslations("apiErrors"), searchParams]);
  const query = asSearchParams(params);
  const values = formValues(query);
  const parsed = parsePurchaseSearch(query);

  let page: PurchasePage | null = null;
  let problem: string | null = null;
  if (!parsed.ok) {
    problem = t(`problems.${parsed.problem}`);
  } else {
    try {
      page = await searchPurchases(parsed.search);
    } catch (error) {
      // Only an in_ search asks Stripe; its outage is told, not thrown at the error page.
      if (!(error instanceof ApiError)) throw error;
      problem = t("stripeProblem", { message: apiErrors(error.code === "stripe_not_configured" ? "stripe_not_configured" : "stripe_unavailable") });
    }
  }

  return (
    <div className="space-y-8">
      <div>
        <h1 className="text-3xl font-bold tracking-tight text-slate-900">{t("title")}</h1>
        <p className="mt-2 text-slate-600">{t("intro")}</p>
      </div>
      <SearchForm values={values} />
      <FormError message={problem} />
      {page && <PurchaseList page={page} values={values} paged={parsed.ok && parsed.search.cursor !== null} />}
    </div>
  );
}
