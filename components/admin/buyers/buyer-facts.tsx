import { getLocale, getTranslations } from "next-intl/server";
import type { BuyerPlan, BuyerProfile } from "@/lib/admin/buyers/profile";
import { stripeDashboardUrl } from "@/lib/admin/stripe-dashboard";
import { planByTier } from "@/lib/catalog/products";
import { productNames } from "@/lib/i18n/product-texts";
import { formatDate, formatDateTime } from "@/components/format";
import { Stat } from "@/components/stat";

async function StripeId({ id }: { id: string | null }) {
  const t = await getTranslations("admin.buyers");
  if (!id) return <>{t("none")}</>;
  const href = stripeDashboardUrl(id);
  return (
    <span className="break-all font-mono text-xs">
      {id}{" "}
      {href && (
        <a href={href} className="text-link whitespace-nowrap font-sans text-sm" target="_blank" rel="noopener noreferrer">
          {t("stripeLink")}
          <span className="sr-only"> ({id})</span>
        </a>
      )}
    </span>
  );
}

/** Who the buyer is, and their coins, plan and allowance, as stored now. */
export async function BuyerFacts({ buyer }: { buyer: BuyerProfile }) {
  const [locale, t, nameOf] = await Promise.all([getLocale(), getTranslations("admin.buyers"), productNames()]);
  const planName = (plan: BuyerPlan) => nameOf(planByTier(plan.tier).key);

  function planDetails(plan: BuyerPlan): string[] {
    const lines = [plan.subscriptionStatus ? t("subscriptionStatus", { status: plan.subscriptionStatus }) : t("lifetime")];
    if (plan.currentPeriodEnd) lines.push(t("periodEnds", { date: formatDate(locale, plan.currentPeriodEnd) }));
    if (plan.cancelAtPeriodEnd) lines.push(t("cancelsAtPeriodEnd"));
    if (plan.scheduledTier) lines.push(t("scheduledTier", { plan: nameOf(planByTier(plan.scheduledTier).key) }));
    return lines;
  }

  function allowance(plan: BuyerPlan): { value: string; detail?: string } {
    const { used, limit, resetsAt } = plan.allowance;
    const value = limit === null ? t("unlimitedUsed", { used }) : t("allowanceUsed", { used: Math.min(used, limit), limit });
    return { value, detail: resetsAt ? t("resetsAt", { date: formatDateTime(locale, resetsAt) }) : undefined };
  }

  const plan = buyer.plan;
  const allowed = plan ? allowance(plan) : null;
  return (
    <div className="space-y-6">
      <section aria-labelledby="buyer-profile-heading" className="card space-y-3">
        <h2 id="buyer-profile-heading" className="text-xl font-semibold text-slate-900">
          {t("profile")}
        </h2>
        <dl className="grid grid-cols-1 gap-x-6 gap-y-3 text-sm sm:grid-cols-[max-content_1fr]">
          <dt className="font-medium text-slate-600">{t("name")}</dt>
          <dd className="break-all text-slate-900">{buyer.name}</dd>
          <dt className="font-medium text-slate-600">{t("userId")}</dt>
          <dd className="break-all font-mono text-xs text-slate-900">{buyer.id}</dd>
          <dt className="font-medium text-slate-600">{t("joinedAt")}</dt>
          <dd className="text-slate-900">
            <time dateTime={buyer.joinedAt}>{formatDateTime(locale, buyer.joinedAt)}</time>
          </dd>
          <dt className="font-medium text-slate-600">{t("testCustomer")}</dt>
          <dd className="text-slate-900">
            <StripeId id={buyer.stripeTestCustomerId} />
          </dd>
          <dt className="font-medium text-slate-600">{t("liveCustomer")}</dt>
          <dd className="text-slate-900">
            <StripeId id={buyer.stripeLiveCustomerId} />
          </dd>
        </dl>
      </section>
      <dl className="grid grid-cols-1 gap-6 md:grid-cols-3">
        <Stat label={t("coinBalance")} value={t("coins", { count: buyer.coinBalance })} detail={buyer.heldCoins > 0 ? t("heldCoins", { count: buyer.heldCoins }) : undefined} />
        <Stat
          label={t("plan")}
          value={plan ? t("planLine", { plan: planName(plan), status: t(`planStatuses.${plan.status}`) }) : t("noPlan")}
          detail={
            plan
              ? planDetails(plan).map((line) => (
                  <span key={line} className="block">
                    {line}
                  </span>
                ))
              : undefined
          }
        />
        <Stat label={t("allowance")} value={allowed?.value ?? t("noAllowance")} detail={allowed?.detail} />
      </dl>
    </div>
  );
}
