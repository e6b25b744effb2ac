import { db } from "@/lib/db";
import { withCheckoutLease } from "@/lib/payments/checkout/checkout-lease";
import { detachAndDeleteAccount } from "@/lib/payments/fulfilment/account-detachment";
import { stripeCustomerOf } from "@/lib/payments/stripe-customer";
import { cancelSubscriptionNow, liveSubscriptionsOfCustomer } from "@/lib/stripe-gateway/billing";
import { expireCheckoutSession } from "@/lib/stripe-gateway/checkout-sessions";
import { releaseSchedule } from "@/lib/stripe-gateway/schedules";

// Deleting an account (better-auth's deleteUser, password required): first nothing may bill the
// person any more, then their records are detached (lib/payments/fulfilment/account-detachment.ts).
// Stripe is told first and outside any transaction: if it cannot be reached, the deletion fails
// and nothing is deleted, so no subscription is left billing someone who has no account to
// cancel it from. Under the buyer's checkout lease, so no checkout or plan change starts meanwhile.

/** Cancels every subscription of the buyer's Stripe customer that has not ended, and expires their open checkouts. */
async function stopBilling(userId: string): Promise<void> {
  const customerId = await stripeCustomerOf(userId);
  const subscriptions = customerId ? await liveSubscriptionsOfCustomer(customerId) : [];
  for (const subscription of subscriptions) {
    // A scheduled downgrade would otherwise outlive the subscription it was for.
    await releaseSchedule(subscription);
    await cancelSubscriptionNow(subscription.id);
  }
  const open = await db.purchase.findMany({
    where: { userId, status: "unpaid", expiresAt: { gt: new Date() }, OR: [{ sessionStatus: null }, { sessionStatus: "open" }] },
    select: { checkoutSessionId: true },
  });
  for (const purchase of open) await expireCheckoutSession(purchase.checkoutSessionId);
}

/** Stops billing, then deletes the account and detaches its money records, as better-auth's deleteUser asks. */
export async function closeAccount(userId: string): Promise<void> {
  await withCheckoutLease(userId, async (lease) => {
    lease.ensureTimeLeft();
    await stopBilling(userId);
    await detachAndDeleteAccount(userId);
  });
}
