import Link from "next/link";
import { getTranslations } from "next-intl/server";
import type { ReactNode } from "react";

/** A short page that tells the visitor one thing and sends them back to the pricing grid. */
export async function MessagePage({ title, children }: { title: string; children: ReactNode }) {
  const common = await getTranslations("common");
  return (
    <div className="card mx-auto max-w-xl space-y-4 p-6 text-slate-700 sm:p-8">
      <h1 className="text-2xl font-bold tracking-tight text-slate-900">{title}</h1>
      {children}
      <p>
        <Link href="/" className="button-primary">
          {common("backToPricing")}
        </Link>
      </p>
    </div>
  );
}
