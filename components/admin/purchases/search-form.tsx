import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { PaymentStatus } from "@/lib/generated/prisma/enums";
import { products } from "@/lib/catalog/products";
import { productNames } from "@/lib/i18n/product-texts";

export interface SearchFormValues {
  q: string;
  status: string;
  product: string;
  from: string;
  to: string;
}

const field = "block min-h-11 w-full rounded-lg border border-slate-400 bg-white px-3 py-2 text-slate-900 shadow-sm focus-visible:border-indigo-600";
const label = "block text-sm font-medium text-slate-800";

// A plain GET form: a search is an address the operator can bookmark, share and reload, and it
// works before (or without) any script.
export async function SearchForm({ values }: { values: SearchFormValues }) {
  const [t, nameOf] = await Promise.all([getTranslations("admin.purchases"), productNames()]);
  return (
    <section aria-labelledby="purchase-search-heading" className="card space-y-4">
      <h2 id="purchase-search-heading" className="text-xl font-semibold text-slate-900">
        {t("searchHeading")}
      </h2>
      <form method="get" action="/admin/purchases" className="grid grid-cols-1 gap-4 sm:grid-cols-2 lg:grid-cols-4">
        <div className="space-y-1.5 sm:col-span-2 lg:col-span-4">
          <label htmlFor="purchase-q" className={label}>
            {t("query")}
          </label>
          <input id="purchase-q" name="q" type="search" defaultValue={values.q} aria-describedby="purchase-q-hint" autoComplete="off" spellCheck={false} className={field} />
          <p id="purchase-q-hint" className="text-sm text-slate-600">
            {t("queryHint")}
          </p>
        </div>
        <div className="space-y-1.5">
          <label htmlFor="purchase-status" className={label}>
            {t("status")}
          </label>
          <select id="purchase-status" name="status" defaultValue={values.status} className={field}>
            <option value="">{t("anyStatus")}</option>
            {Object.values(PaymentStatus).map((status) => (
              <option key={status} value={status}>
                {t(`statuses.${status}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="space-y-1.5">
          <label htmlFor="purchase-product" className={label}>
            {t("product")}
          </label>
          <select id="purchase-product" name="product" defaultValue={values.product} className={field}>
            <option value="">{t("anyProduct")}</option>
            {products.map((product) => (
              <option key={product.key} value={product.key}>
                {nameOf(product.key)}
              </option>
            ))}
          </select>
        </div>
        <div className="space-y-1.5">
          <label htmlFor="purchase-from" className={label}>
            {t("from")}
          </label>
          <input id="purchase-from" name="from" type="date" defaultValue={values.from} className={field} />
        </div>
        <div className="space-y-1.5">
          <label htmlFor="purchase-to" className={label}>
            {t("to")}
          </label>
          <input id="purchase-to" name="to" type="date" defaultValue={values.to} className={field} />
        </div>
        <div className="flex flex-wrap items-center gap-3 sm:col-span-2 lg:col-span-4">
          <button type="submit" className="button-primary">
            {t("search")}
          </button>
          <Link href="/admin/purchases" className="button-secondary">
            {t("clear")}
          </Link>
        </div>
      </form>
    </section>
  );
}
