import { db } from "@/lib/db";
import { stripeMode } from "@/lib/stripe-gateway/mode";

// A buyer's Stripe customer, kept per mode: a customer made with the test key does not exist for
// the live key, so a store that moves from test keys to live ones (or a staging copy of a live
// database run with test keys) makes a new customer instead of sending Stripe an id it rejects.

/** The buyer's customer in the configured key's mode, if one was made. */
export async function stripeCustomerOf(userId: string): Promise<string | null> {
  const user = await db.user.findUnique({ where: { id: userId }, select: { stripeTestCustomerId: true, stripeLiveCustomerId: true } });
  if (!user) return null;
  return stripeMode() === "live" ? user.stripeLiveCustomerId : user.stripeTestCustomerId;
}

/**
 * Records `customerId` as the buyer's customer in this mode unless one already is (the first
 * recorded wins); answers the one recorded.
 */
export async function rememberStripeCustomer(userId: string, customerId: string): Promise<string> {
  if (stripeMode() === "live") {
    await db.user.updateMany({ where: { id: userId, stripeLiveCustomerId: null }, data: { stripeLiveCustomerId: customerId } });
  } else {
    await db.user.updateMany({ where: { id: userId, stripeTestCustomerId: null }, data: { stripeTestCustomerId: customerId } });
  }
  return (await stripeCustomerOf(userId)) ?? customerId;
}
