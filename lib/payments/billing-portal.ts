import { db } from "@/lib/db";
import { ApiError } from "@/lib/errors";
import { isStripeOutage, stripe } from "@/lib/stripe";

/** A Stripe billing portal session where the buyer manages their subscription and receipts. */
export async function openBillingPortal(userId: string, returnUrl: string): Promise<{ url: string }> {
  const user = await db.user.findUnique({ where: { id: userId }, select: { stripeCustomerId: true } });
  if (!user?.stripeCustomerId) {
    throw new ApiError("not_found", "You have no billing account yet: it is created with your first purchase.");
  }
  try {
    const session = await stripe().billingPortal.sessions.create({ customer: user.stripeCustomerId, return_url: returnUrl });
    return { url: session.url };
  } catch (error) {
    if (isStripeOutage(error)) {
      throw new ApiError("stripe_unavailable", "Billing is temporarily unavailable. Please try again in a minute.");
    }
    throw error;
  }
}
