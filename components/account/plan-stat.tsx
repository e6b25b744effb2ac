import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { isSubscriptionTier } from "@/lib/catalog/plan-policy";
import { planByTier } from "@/lib/catalog/products";
import type { AccountSummary } from "@/lib/account/account-views";
import { errorTexts } from "@/lib/i18n/error-texts";
import { productNames } from "@/lib/i18n/product-texts";
import { formatDate, formatMoney } from "@/components/format";
import { ManageSubscriptionButton } from "@/components/account/manage-subscription-button";
import { Stat } from "@/components/stat";

type Plan = NonNullable<AccountSummary["plan"]>;

export async function PlanStat({ plan }: { plan: AccountSummary["plan"] }) {
  const [locale, t, nameOf] = await Promise.all([getLocale(), getTranslations("account"), productNames()]);
  if (!plan) {
    return (
      <Stat
        label={t("plan")}
        value={t("noPlan")}
        detail={
          <Link href="/" className="text-link">
            {t("seePlans")}
          </Link>
        }
      />
    );
  }

  function planDetail(plan: Plan): string {
    if (!isSubscriptionTier(plan.tier)) return plan.status === "active" ? t("lifetimeActive") : t("planCanceled");
    const status = plan.subscriptionStatus === "past_due" ? t("planPastDue") : plan.status === "active" ? t("planActive") : t("planCanceled");
    if (!plan.currentPeriodEnd) return status;
    const date = formatDate(locale, plan.currentPeriodEnd);
    if (plan.status === "active" && plan.subscriptionStatus === "trialing") {
      const product = planByTier(plan.tier);
      return plan.cancelAtPeriodEnd ? t("trialEndsCanceled", { date }) : t("trialEnds", { date, price: formatMoney(locale, product.cents, product.currency) });
    }
    if (plan.status === "active") {
      if (plan.scheduledTier) return t("changesTo", { status, plan: nameOf(planByTier(plan.scheduledTier).key), date });
      return plan.cancelAtPeriodEnd ? t("endsOn", { status, date }) : t("renewsOn", { status, date });
    }
    return new Date(plan.currentPeriodEnd) > new Date() ? t("endsOn", { status, date }) : t("endedOn", { status, date });
  }

  function allowanceLine({ used, limit, resetsAt }: Plan["allowance"]): string {
    const date = resetsAt ? formatDate(locale, resetsAt) : undefined;
    if (limit === null) return date ? t("unlimitedUsedResets", { used, date }) : t("unlimitedUsed", { used });
    const shown = Math.min(used, limit);
    return date ? t("allowanceUsedResets", { used: shown, limit, date }) : t("allowanceUsed", { used: shown, limit });
  }

  const subscription = isSubscriptionTier(plan.tier) && plan.status === "active";
  const pastDue = plan.subscriptionStatus === "past_due";
  return (
    <Stat
      label={t("plan")}
      value={nameOf(planByTier(plan.tier).key)}
      detail={
        <>
          {planDetail(plan)}
          {plan.status === "active" && <span className="mt-1 block">{allowanceLine(plan.allowance)}</span>}
          {pastDue && (
            <span role="alert" className="mt-2 block rounded-md bg-amber-50 px-3 py-2 text-amber-900">
              {t("pastDueAlert")}
            </span>
          )}
          {subscription && (
            <ManageSubscriptionButton
              updateCard={pastDue}
              texts={{ manage: t("manageSubscription"), updateCard: t("updateCard"), opening: t("openingBilling"), errors: await errorTexts() }}
            />
          )}
        </>
      }
    />
  );
}
