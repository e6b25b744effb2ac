import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { requireOperatorPage } from "@/lib/admin/operator";
import { buyerAuditEntries, buyerLedger, buyerPurchases } from "@/lib/admin/buyers/history";
import { listLimits } from "@/lib/admin/buyers/list-limits";
import { buyerProfile } from "@/lib/admin/buyers/profile";
import { BuyerActions } from "@/components/admin/buyers/buyer-actions";
import { BuyerFacts } from "@/components/admin/buyers/buyer-facts";
import { BuyerAudit, BuyerLedger, BuyerPurchases } from "@/components/admin/buyers/buyer-history";

/** The id as typed; a malformed escape in the address is shown as it is rather than thrown. */
function decoded(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

interface Props {
  params: Promise<{ userId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  await requireOperatorPage();
  const { userId } = await params;
  const buyer = await buyerProfile(decoded(userId));
  const t = await getTranslations("admin.buyers");
  return { title: buyer ? `${t("title")} · ${buyer.email}` : t("notFoundTitle") };
}

export default async function BuyerPage({ params, searchParams }: Props) {
  await requireOperatorPage();
  const [t, { userId: given }, query] = await Promise.all([getTranslations("admin.buyers"), params, searchParams]);
  const userId = decoded(given);
  const limits = listLimits(query);
  // The refund form offers every purchase shown and at least the newest fifty.
  const [buyer, purchases, ledger, audit] = await Promise.all([
    buyerProfile(userId),
    buyerPurchases(userId, Math.max(limits.purchases, 50)),
    buyerLedger(userId, limits.ledger),
    buyerAuditEntries(userId, limits.audit),
  ]);
  const back = (
    <p>
      <Link href="/admin/buyers" className="text-link">
        {t("back")}
      </Link>
    </p>
  );

  if (!buyer) {
    return (
      <div className="card max-w-xl space-y-4">
        <h1 className="text-2xl font-bold tracking-tight text-slate-900">{t("notFoundTitle")}</h1>
        <p className="break-all text-slate-700">{t("noMatch", { query: userId.slice(0, 120) })}</p>
        {back}
      </div>
    );
  }

  const shownPurchases = { items: purchases.items.slice(0, limits.purchases), more: purchases.more || purchases.items.length > limits.purchases };
  return (
    <div className="space-y-10">
      <div className="space-y-2">
        {back}
        <h1 className="break-all text-3xl font-bold tracking-tight text-slate-900">{buyer.email}</h1>
        {buyer.isOperator && <p className="text-sm font-semibold text-indigo-800">{t("operator")}</p>}
      </div>
      <BuyerFacts buyer={buyer} />
      <BuyerActions buyer={buyer} purchases={purchases.items} />
      <BuyerPurchases userId={buyer.id} limits={limits} list={shownPurchases} />
      <BuyerLedger userId={buyer.id} limits={limits} list={ledger} />
      <BuyerAudit userId={buyer.id} limits={limits} list={audit} />
    </div>
  );
}
