import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import Link from "next/link";
import { redirect } from "next/navigation";
import { connection } from "next/server";
import { accountSummary, coinLedger, purchaseHistory } from "@/lib/account/account-views";
import { isSubscriptionTier } from "@/lib/catalog/plan-policy";
import { planChangerTexts } from "@/lib/i18n/plan-changer-texts";
import { currentSession } from "@/lib/auth/session";
import { verifyEmailNoticeTexts } from "@/lib/i18n/account-settings-texts";
import { VerifyEmailNotice } from "@/components/account/settings/verify-email-notice";
import { CoinHistory } from "@/components/account/coin-history";
import { PlanChanger } from "@/components/account/plan-changer";
import { PlanStat } from "@/components/account/plan-stat";
import { PurchaseHistory } from "@/components/account/purchase-history";
import { Stat } from "@/components/stat";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("account"))("title") };
}

const SIGN_IN_PATH = "/sign-in?next=/account";

export default async function AccountPage() {
  await connection();
  const session = await currentSession();
  if (!session) redirect(SIGN_IN_PATH);
  const { user } = session;

  const [summary, purchases, ledger, t, settings] = await Promise.all([
    accountSummary(user.id),
    purchaseHistory(user.id),
    coinLedger(user.id),
    getTranslations("account"),
    getTranslations("accounts.settings"),
  ]);
  // The session outlived its user row (deleted account): treat as signed out.
  if (!summary) redirect(SIGN_IN_PATH);
  const plan = summary.plan;

  return (
    <div className="space-y-10">
      <div>
        <h1 className="text-3xl font-bold tracking-tight text-slate-900">{t("title")}</h1>
        <p className="mt-2 break-words text-slate-600">{t("signedInAs", { who: summary.name ? `${summary.name} (${summary.email})` : summary.email })}</p>
        <p className="mt-2">
          <Link href="/account/settings" className="text-link">
            {settings("link")}
          </Link>
        </p>
      </div>
      {!user.emailVerified && <VerifyEmailNotice email={user.email} next="/account" texts={await verifyEmailNoticeTexts(user.email)} />}
      <dl className="grid grid-cols-1 gap-6 sm:grid-cols-2">
        <Stat
          label={t("coinBalance")}
          value={t("coins", { count: summary.coinBalance })}
          detail={summary.heldCoins > 0 ? t("heldCoins", { count: summary.heldCoins }) : undefined}
        />
        <PlanStat plan={plan} />
      </dl>
      {plan?.status === "active" && isSubscriptionTier(plan.tier) && <PlanChanger texts={await planChangerTexts(plan.tier, plan.scheduledTier)} />}
      <PurchaseHistory purchases={purchases} />
      <CoinHistory entries={ledger} />
    </div>
  );
}
