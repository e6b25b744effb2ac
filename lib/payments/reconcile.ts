import { db } from "@/lib/db";
import { readCheckout } from "@/lib/payments/checkout-snapshot";
import { settleCheckout } from "@/lib/payments/fulfilment";

/** Re-reads every unsettled checkout from Stripe and settles it: the safety net for lost webhooks. */
export async function reconcileUnsettledPurchases(): Promise<{ checked: number; delivered: number }> {
  const unsettled = await db.purchase.findMany({
    where: { fulfilledAt: null, status: { notIn: ["expired"] } },
    select: { checkoutSessionId: true },
    orderBy: { createdAt: "asc" },
  });
  let delivered = 0;
  for (const { checkoutSessionId } of unsettled) {
    const outcome = await settleCheckout(await readCheckout(checkoutSessionId));
    if (outcome.kind === "settled" && outcome.deliveredNow) delivered += 1;
  }
  return { checked: unsettled.length, delivered };
}
