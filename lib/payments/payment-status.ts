import { db } from "@/lib/db";
import { ApiError } from "@/lib/errors";
import type { PaymentStatus } from "@/lib/generated/prisma/enums";
import { settleCheckoutFromStripe } from "@/lib/payments/settle";
import { isSettled } from "@/lib/payments/status";

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
    const outcome = await settleCheckoutFromStripe(checkoutSessionId);
    return outcome.kind === "settled" ? outcome.status : purchase.status;
  } catch (error) {
    // The poller asks again in two seconds; the last known status is the honest answer meanwhile.
    if (error instanceof ApiError && error.code === "stripe_unavailable") return purchase.status;
    throw error;
  }
}
