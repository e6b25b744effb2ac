import { planByTier } from "@/lib/catalog";
import type { AccountSummary } from "@/lib/account";

/** Balance and plan right after a purchase, so the buyer sees what they got. */
export function AccountSnapshot({ account }: { account: AccountSummary | null }) {
  if (!account) return <p className="text-slate-700">We could not load your balance just now. Your account page shows it.</p>;
  const plan = account.plan?.status === "active" ? planByTier(account.plan.tier) : undefined;
  return (
    <ul className="space-y-1 text-lg text-slate-900">
      <li>Your balance: {account.coinBalance.toLocaleString("en-US")} coins</li>
      {plan && <li>Your plan: {plan.name}</li>}
    </ul>
  );
}
