import { getTranslations } from "next-intl/server";
import { Suspense } from "react";
import { planByTier } from "@/lib/catalog";
import type { AccountSummary } from "@/lib/account";
import { productNames } from "@/lib/i18n/products";

/**
 * Balance and plan right after a purchase, so the buyer sees what they got. Streamed in after the
 * status: the words "Payment successful" do not wait for this read.
 */
export async function AccountSnapshot({ account }: { account: Promise<AccountSummary | null> }) {
  const t = await getTranslations("payment");
  return (
    <Suspense fallback={<p className="text-lg text-slate-500">{t("loadingBalance")}</p>}>
      <AccountSnapshotList account={account} />
    </Suspense>
  );
}

async function AccountSnapshotList({ account }: { account: Promise<AccountSummary | null> }) {
  const [t, nameOf] = await Promise.all([getTranslations("payment"), productNames()]);
  const summary = await account.catch((error: unknown) => {
    console.error("success page: could not read the account summary", error);
    return null;
  });
  if (!summary) return <p className="text-slate-700">{t("balanceUnavailable")}</p>;
  const plan = summary.plan?.status === "active" ? planByTier(summary.plan.tier) : undefined;
  return (
    <ul className="space-y-1 text-lg text-slate-900">
      <li>{t("yourBalance", { count: summary.coinBalance })}</li>
      {plan && <li>{t("yourPlan", { plan: nameOf(plan.key) })}</li>}
    </ul>
  );
}
