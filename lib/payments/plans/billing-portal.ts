import type { PortalOpened } from "@/lib/api-contract/billing-portal-api";
import { stripeCustomerOf } from "@/lib/payments/stripe-customer";
import { ApiError } from "@/lib/http/api-error";
import { createBillingPortalSession } from "@/lib/stripe-gateway/billing";

/** A Stripe billing portal session where the buyer manages their subscription and receipts. */
export async function openBillingPortal(userId: string, returnUrl: string, updateCard = false): Promise<PortalOpened> {
  const customerId = await stripeCustomerOf(userId);
  if (!customerId) {
    throw new ApiError("not_found", "You have no billing account yet: it is created with your first purchase.");
  }
  return { url: await createBillingPortalSession(customerId, returnUrl, updateCard) };
}
