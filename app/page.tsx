import { getTranslations } from "next-intl/server";
import { connection } from "next/server";
import { purchaseRefusal, type PurchaseRefusal } from "@/lib/catalog/plan-policy";
import { coinPacks, planByTier, plans, type Product } from "@/lib/catalog/products";
import { accountSummary } from "@/lib/account/account-views";
import { errorTexts } from "@/lib/i18n/error-texts";
import { productTexts } from "@/lib/i18n/product-texts";
import { currentUser } from "@/lib/auth/session";
import { offeredTrialDays, trialDaysFor } from "@/lib/payments/checkout/trial";
import { storeCheckoutUi, stripeJsConfig } from "@/lib/stripe-gateway/stripe-js";
import type { PlanTier } from "@/lib/generated/prisma/enums";
import { PaymentsNotice } from "@/components/pricing/payments-notice";
import { pricingAvailability } from "@/components/pricing/pricing-availability";
import { ProductCard } from "@/components/pricing/product-card";
import { ProductGroup } from "@/components/pricing/product-group";

interface PricingPageProps {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}

async function activePlanTier(userId: string): Promise<PlanTier | undefined> {
  const plan = (await accountSummary(userId))?.plan;
  return plan?.status === "active" ? plan.tier : undefined;
}

type BlockedReason = Exclude<PurchaseRefusal, "current_plan"> | "no_price";

/** Why a product cannot be bought now (the current plan's card says so itself). */
function blockedReason(product: Product, currentTier: PlanTier | undefined, priceMissing: boolean): BlockedReason | undefined {
  const refusal = purchaseRefusal(product, currentTier);
  if (refusal && refusal !== "current_plan") return refusal;
  return priceMissing ? "no_price" : undefined;
}

export default async function PricingPage({ searchParams }: PricingPageProps) {
  await connection();
  const [user, { buy }, availability, t, textOf, errors] = await Promise.all([
    currentUser(),
    searchParams,
    pricingAvailability(),
    getTranslations("pricing"),
    productTexts(),
    errorTexts(),
  ]);
  const currentTier = user ? await activePlanTier(user.id) : undefined;
  // A visitor is offered each plan's trial; a buyer only the trial their Checkout would really start with.
  const embeddedCheckout = storeCheckoutUi() === "embedded" ? stripeJsConfig() : null;
  const trials = new Map(await Promise.all(plans.map(async (plan) => [plan.key, user ? await trialDaysFor(user.id, plan) : offeredTrialDays(plan)] as const)));

  function reasonText(reason: BlockedReason | undefined): string | undefined {
    if (reason === "has_lifetime") return t("blockedByLifetime");
    if (reason === "has_subscription" && currentTier) return t("blockedBySubscription", { plan: textOf(planByTier(currentTier).key)?.name ?? currentTier });
    return reason === "no_price" ? t("notAvailable") : undefined;
  }

  function card(product: Product) {
    const priceId = availability.state === "ready" ? availability.priceIds[product.key] : undefined;
    const priceMissing = availability.state === "ready" && priceId === undefined;
    return (
      <ProductCard
        key={product.key}
        product={product}
        text={textOf(product.key) ?? { name: product.name, description: product.description, features: [] }}
        priceId={priceId}
        signedIn={user !== null}
        isCurrentPlan={purchaseRefusal(product, currentTier) === "current_plan"}
        blockedReason={reasonText(blockedReason(product, currentTier, priceMissing))}
        preselected={buy === product.key}
        trialDays={trials.get(product.key) ?? null}
        embeddedCheckout={embeddedCheckout}
        errors={errors}
      />
    );
  }

  return (
    <div className="space-y-12">
      <div>
        <h1 className="text-3xl font-bold tracking-tight text-slate-900 sm:text-4xl">{t("title")}</h1>
        <p className="mt-2 max-w-2xl text-slate-600">{t("intro")}</p>
      </div>
      <PaymentsNotice availability={availability} />
      <ProductGroup id="plans" title={t("plans")} columns="lg:grid-cols-4">
        {plans.map(card)}
      </ProductGroup>
      <ProductGroup id="packs" title={t("packs")} columns="lg:grid-cols-3">
        {coinPacks.map(card)}
      </ProductGroup>
    </div>
  );
}
