import { connection } from "next/server";
import { coinPacks, planByTier, plans, type Product } from "@/lib/catalog";
import { accountSummary } from "@/lib/account";
import { currentUser } from "@/lib/session";
import type { PlanTier } from "@/lib/generated/prisma/enums";
import { PaymentsNotice } from "@/components/payments-notice";
import { pricingAvailability } from "@/components/pricing-availability";
import { ProductCard } from "@/components/product-card";
import { ProductGroup } from "@/components/product-group";

interface PricingPageProps {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}

async function activePlanTier(userId: string): Promise<PlanTier | undefined> {
  const plan = (await accountSummary(userId))?.plan;
  return plan?.status === "active" ? plan.tier : undefined;
}

/**
 * Why a product cannot be bought now. One plan at a time: a subscriber switches monthly plans on
 * the account page and may buy Lifetime here; a Lifetime owner needs nothing more.
 */
function blockedReason(product: Product, currentTier: PlanTier | undefined, priceMissing: boolean): string | undefined {
  const lifetimeForSubscriber = product.kind === "plan" && product.tier === "lifetime" && currentTier !== "lifetime";
  if (product.kind === "plan" && currentTier && product.tier !== currentTier && !lifetimeForSubscriber) {
    return currentTier === "lifetime"
      ? "You have the Lifetime plan, which includes everything."
      : `You have the ${planByTier(currentTier).name} plan. Switch monthly plans from your account page.`;
  }
  return priceMissing ? "Not available right now." : undefined;
}

export default async function PricingPage({ searchParams }: PricingPageProps) {
  await connection();
  const [user, { buy }, availability] = await Promise.all([currentUser(), searchParams, pricingAvailability()]);
  const currentTier = user ? await activePlanTier(user.id) : undefined;

  function card(product: Product) {
    const priceId = availability.state === "ready" ? availability.priceIds[product.key] : undefined;
    const priceMissing = availability.state === "ready" && priceId === undefined;
    return (
      <ProductCard
        key={product.key}
        product={product}
        priceId={priceId}
        signedIn={user !== null}
        isCurrentPlan={product.kind === "plan" && product.tier === currentTier}
        blockedReason={blockedReason(product, currentTier, priceMissing)}
        preselected={buy === product.key}
      />
    );
  }

  return (
    <div className="space-y-12">
      <div>
        <h1 className="text-3xl font-bold tracking-tight text-slate-900 sm:text-4xl">Pricing</h1>
        <p className="mt-2 max-w-2xl text-slate-600">
          Pick a plan for steady use, or top up with a points pack whenever you need more. Payments are handled securely by Stripe.
        </p>
      </div>
      <PaymentsNotice availability={availability} />
      <ProductGroup title="Plans" columns="lg:grid-cols-4">
        {plans.map(card)}
      </ProductGroup>
      <ProductGroup title="Points packs" columns="lg:grid-cols-3">
        {coinPacks.map(card)}
      </ProductGroup>
    </div>
  );
}
