import type { PortalOpened } from "@/lib/api-contract/billing-portal-api";
import { db } from "@/lib/db";
import { ApiError } from "@/lib/http/api-error";
import { createBillingPortalSession } from "@/lib/stripe-gateway/billing";

/** A Stripe billing portal session where the buyer manages their subscription and receipts. */
export async function openBillingPortal(userId: string, returnUrl: string, updateCard = false): Promise<PortalOpened> {
  const user = await db.user.findUnique({ where: { id: userId }, select: { stripeCustomerId: true } });
  if (!user?.stripeCustomerId) {
    throw new ApiError("not_found", "You have no billing account yet: it is created with your first purchase.");
  }
  return { url: await createBillingPortalSession(user.stripeCustomerId, returnUrl, updateCard) };
}
