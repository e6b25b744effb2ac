import Link from "next/link";
import { planByTier } from "@/lib/catalog";
import type { AccountSummary } from "@/lib/account";
import { formatDate } from "@/components/format";
import { ManageSubscriptionButton } from "@/components/manage-subscription-button";
import { Stat } from "@/components/stat";

type Plan = NonNullable<AccountSummary["plan"]>;

function planDetail(plan: Plan): string {
  if (plan.tier === "lifetime") return plan.status === "active" ? "Yours forever" : "Canceled";
  const status = plan.status === "active" ? "Active" : "Canceled";
  if (!plan.currentPeriodEnd) return status;
  const end = formatDate(plan.currentPeriodEnd);
  if (plan.status === "active") return plan.cancelAtPeriodEnd ? `${status} · Ends ${end}` : `${status} · Renews ${end}`;
  return `${status} · ${new Date(plan.currentPeriodEnd) > new Date() ? "Ends" : "Ended"} ${end}`;
}

export function PlanStat({ plan }: { plan: AccountSummary["plan"] }) {
  if (!plan) {
    return (
      <Stat
        label="Plan"
        value="No plan"
        detail={
          <Link href="/" className="text-link">
            See plans
          </Link>
        }
      />
    );
  }
  const manageable = plan.tier !== "lifetime" && plan.status === "active";
  return (
    <Stat
      label="Plan"
      value={planByTier(plan.tier).name}
      detail={
        <>
          {planDetail(plan)}
          {manageable && <ManageSubscriptionButton />}
        </>
      }
    />
  );
}
