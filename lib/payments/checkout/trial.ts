import type { Product } from "@/lib/catalog/products";
import { db } from "@/lib/db";

// One free trial per buyer, ever. Stripe does not enforce it (stripe-facts §9): a Checkout that
// asks for a trial starts one. So the store decides, each time it creates a Checkout, and leaves
// the trial out for a buyer who has already started a subscription of any plan — a trial (its
// Checkout settles as no_payment_required) or a paid first month — whatever the page showed them.
// The buyer's checkout starts take turns (checkout-lease.ts), so two tabs cannot both win one.

/** The trial the buyer's Checkout for `product` starts with: its days, or null for none. */
export async function trialDaysFor(userId: string, product: Product): Promise<number | null> {
  if (product.kind !== "plan" || !product.trialDays) return null;
  const started = await db.purchase.findFirst({
    where: { userId, mode: "subscription", status: { in: ["paid", "no_payment_required"] } },
    select: { id: true },
  });
  return started ? null : product.trialDays;
}
