import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { connection } from "next/server";
import { accountSummary, coinLedger, purchaseHistory } from "@/lib/account";
import { currentUser } from "@/lib/session";
import { CoinHistory } from "@/components/coin-history";
import { PlanChanger } from "@/components/plan-changer";
import { PlanStat } from "@/components/plan-stat";
import { PurchaseHistory } from "@/components/purchase-history";
import { Stat } from "@/components/stat";

export const metadata: Metadata = { title: "Your account" };

const SIGN_IN_PATH = "/sign-in?next=/account";

export default async function AccountPage() {
  await connection();
  const user = await currentUser();
  if (!user) redirect(SIGN_IN_PATH);

  const [summary, purchases, ledger] = await Promise.all([accountSummary(user.id), purchaseHistory(user.id), coinLedger(user.id)]);
  // The session outlived its user row (deleted account): treat as signed out.
  if (!summary) redirect(SIGN_IN_PATH);

  return (
    <div className="space-y-10">
      <div>
        <h1 className="text-3xl font-bold tracking-tight text-slate-900">Your account</h1>
        <p className="mt-2 text-slate-600">
          Signed in as {summary.name ? `${summary.name} (${summary.email})` : summary.email}
        </p>
      </div>
      <dl className="grid grid-cols-1 gap-6 sm:grid-cols-2">
        <Stat
          label="Coin balance"
          value={`${summary.coinBalance.toLocaleString("en-US")} coins`}
          detail={summary.heldCoins > 0 ? `${summary.heldCoins.toLocaleString("en-US")} coins held while a payment dispute is open` : undefined}
        />
        <PlanStat plan={summary.plan} />
      </dl>
      {summary.plan?.status === "active" && summary.plan.tier !== "lifetime" && (
        <PlanChanger current={summary.plan.tier} scheduledTier={summary.plan.scheduledTier} />
      )}
      <PurchaseHistory purchases={purchases} />
      <CoinHistory entries={ledger} />
    </div>
  );
}
