import Link from "next/link";
import { planByTier } from "@/lib/catalog";
import type { AccountSummary } from "@/lib/account";
import { formatDate } from "@/components/format";
import { ManageSubscriptionButton } from "@/components/manage-subscription-button";
import { Stat } from "@/components/stat";

type Plan = NonNullable<AccountSummary["plan"]>;

function planDetail(plan: Plan): string {
  if (plan.tier === "lifetime") return plan.status === "active" ? "Yours forever" : "Canceled";
  const status = plan.subscriptionStatus === "past_due" ? "Payment failed" : plan.status === "active" ? "Active" : "Canceled";
  if (!plan.currentPeriodEnd) return status;
  const end = formatDate(plan.currentPeriodEnd);
  if (plan.status === "active") {
    if (plan.scheduledTier) return `${status} · Changes to ${planByTier(plan.scheduledTier).name} on ${end}`;
    return plan.cancelAtPeriodEnd ? `${status} · Ends ${end}` : `${status} · Renews ${end}`;
  }
  return `${status} · ${new Date(plan.currentPeriodEnd) > new Date() ? "Ends" : "Ended"} ${end}`;
}

function allowanceLine({ used, limit, resetsAt }: Plan["allowance"]): string {
  const resets = resetsAt ? `, resets ${formatDate(resetsAt)}` : "";
  if (limit === null) return `Unlimited generations (${used.toLocaleString("en-US")} used${resets})`;
  return `${Math.min(used, limit).toLocaleString("en-US")} of ${limit.toLocaleString("en-US")} generations used${resets}`;
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
  const subscription = plan.tier !== "lifetime" && plan.status === "active";
  const pastDue = plan.subscriptionStatus === "past_due";
  return (
    <Stat
      label="Plan"
      value={planByTier(plan.tier).name}
      detail={
        <>
          {planDetail(plan)}
          {plan.status === "active" && <span className="mt-1 block">{allowanceLine(plan.allowance)}</span>}
          {pastDue && (
            <span role="alert" className="mt-2 block rounded-md bg-amber-50 px-3 py-2 text-amber-900">
              Your last payment failed — update your card to keep your plan.
            </span>
          )}
          {subscription && <ManageSubscriptionButton updateCard={pastDue} />}
        </>
      }
    />
  );
}
