import { getLocale, getTranslations } from "next-intl/server";
import { planByTier, plans } from "@/lib/catalog/products";
import type { PlanTier } from "@/lib/generated/prisma/enums";
import type { PlanChangerTexts } from "@/components/account/plan-changer";
import { formatMoney } from "@/components/format";
import { errorTexts } from "@/lib/i18n/error-texts";
import { productNames } from "@/lib/i18n/product-texts";

/** The plan changer's words for a subscriber on `current`, with `scheduled` set when a downgrade is pending. */
export async function planChangerTexts(current: PlanTier, scheduled: PlanTier | null): Promise<PlanChangerTexts> {
  const [locale, t, common, nameOf, errors] = await Promise.all([
    getLocale(),
    getTranslations("account"),
    getTranslations("common"),
    productNames(),
    errorTexts(),
  ]);
  const currentPlan = planByTier(current);
  const currentName = nameOf(currentPlan.key);
  const others = plans.filter((plan) => plan.interval === "month" && plan.tier !== current && plan.tier !== scheduled);
  return {
    locale,
    heading: t("changePlan"),
    options: others.map((plan) => ({
      key: plan.key,
      name: nameOf(plan.key),
      label: t("switchToOption", { plan: nameOf(plan.key), price: formatMoney(locale, plan.cents, plan.currency) }),
    })),
    keep: scheduled ? { key: currentPlan.key, label: t("keepPlan", { plan: currentName }) } : null,
    currentName,
    confirmUpgrade: t.raw("confirmUpgrade") as string,
    confirmDowngrade: t.raw("confirmDowngrade") as string,
    confirmDowngradeAtPeriodEnd: t.raw("confirmDowngradeAtPeriodEnd") as string,
    confirmKeep: t.raw("confirmKeep") as string,
    confirm: common("confirm"),
    switching: t("switching"),
    cancel: common("cancel"),
    errors,
  };
}
