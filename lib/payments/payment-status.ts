import { db } from "@/lib/db";
import { ApiError } from "@/lib/errors";
import type { PaymentStatus } from "@/lib/generated/prisma/enums";
import { readCheckout } from "@/lib/payments/checkout-snapshot";
import { settleCheckout } from "@/lib/payments/fulfilment";
import { isSettled } from "@/lib/payments/status";
import { isStripeOutage } from "@/lib/stripe";

/**
 * The status of one of the user's checkouts. Until it is settled, each query re-reads the session
 * from Stripe and settles it, so a buyer whose webhook was lost still gets their goods.
 */
export async function paymentStatusForOwner(userId: string, checkoutSessionId: string): Promise<PaymentStatus> {
  const purchase = await db.purchase.findUnique({ where: { checkoutSessionId } });
  // Someone else's session is answered exactly like a missing one, so ids cannot be probed.
  if (!purchase || purchase.userId !== userId) {
    throw new ApiError("not_found", "No checkout session with that id belongs to you.");
  }
  if (isSettled(purchase.status)) return purchase.status;
  try {
    const outcome = await settleCheckout(await readCheckout(checkoutSessionId));
    return outcome.kind === "settled" ? outcome.status : purchase.status;
  } catch (error) {
    // The poller asks again in two seconds; the last known status is the honest answer meanwhile.
    if (isStripeOutage(error)) return purchase.status;
    throw error;
  }
}
