import type { Product } from "@/lib/catalog/products";
import { env } from "@/lib/config/env";
import { db } from "@/lib/db";

// One free trial per buyer, ever, when the store offers one (STOREFRONT_STARTER_TRIAL_DAYS: Starter
// starts with that many free days). Stripe does not enforce once-only (stripe-facts §9): a Checkout
// that asks for a trial starts one. So the store decides, each time it creates a Checkout, and
// leaves the trial out for a buyer who has already started a subscription of any plan — a trial
// (its Checkout settles as no_payment_required) or a paid first month — whatever a page showed
// them. The buyer's checkout starts take turns (checkout-lease.ts), so two tabs cannot both win one.

/** The trial the store offers with `product`, to a buyer who never subscribed: its days, or null. */
export function offeredTrialDays(product: Product): number | null {
  return product.key === "starter" ? (env().STOREFRONT_STARTER_TRIAL_DAYS ?? null) : null;
}

/** The trial the buyer's Checkout for `product` starts with: its days, or null for none. */
export async function trialDaysFor(userId: string, product: Product): Promise<number | null> {
  const days = offeredTrialDays(product);
  if (!days) return null;
  const started = await db.purchase.findFirst({
    where: { userId, mode: "subscription", status: { in: ["paid", "no_payment_required"] } },
    select: { id: true },
  });
  return started ? null : days;
}
