import { Suspense } from "react";
import { planByTier } from "@/lib/catalog";
import type { AccountSummary } from "@/lib/account";

/**
 * Balance and plan right after a purchase, so the buyer sees what they got. Streamed in after the
 * status: the words "Payment successful" do not wait for this read.
 */
export function AccountSnapshot({ account }: { account: Promise<AccountSummary | null> }) {
  return (
    <Suspense fallback={<p className="text-lg text-slate-500">Loading your balance…</p>}>
      <AccountSnapshotList account={account} />
    </Suspense>
  );
}

async function AccountSnapshotList({ account }: { account: Promise<AccountSummary | null> }) {
  const summary = await account.catch((error: unknown) => {
    console.error("success page: could not read the account summary", error);
    return null;
  });
  if (!summary) return <p className="text-slate-700">We could not load your balance just now. Your account page shows it.</p>;
  const plan = summary.plan?.status === "active" ? planByTier(summary.plan.tier) : undefined;
  return (
    <ul className="space-y-1 text-lg text-slate-900">
      <li>Your balance: {summary.coinBalance.toLocaleString("en-US")} coins</li>
      {plan && <li>Your plan: {plan.name}</li>}
    </ul>
  );
}
