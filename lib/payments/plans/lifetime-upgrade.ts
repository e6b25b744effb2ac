import { db } from "@/lib/db";
import { recordSubscriptionRetired } from "@/lib/payments/fulfilment/plan-sync";
import { isFinalSubscriptionStatus, subscriptionFacts } from "@/lib/payments/plans/subscription-facts";
import { cancelSubscriptionNow, latestSubscriptionPayment, readSubscription } from "@/lib/stripe-gateway/billing";
import { refundPaymentOnce } from "@/lib/stripe-gateway/charges-and-disputes";

// A subscriber who buys Lifetime must not keep paying for the subscription, nor pay twice for the
// rest of the month they already paid: once the Lifetime purchase is recorded, the unused part of
// the current period is refunded to the card (prorated by time) and the subscription is canceled
// at once. Runs after the purchase's transaction, never inside it; reconciliation runs it again
// for any purchase where it did not finish.

export async function retireSupersededSubscription(userId: string): Promise<void> {
  const plan = await db.plan.findUnique({ where: { userId }, select: { supersededSubscriptionId: true } });
  const subscriptionId = plan?.supersededSubscriptionId;
  if (!subscriptionId) return;

  const snapshot = await readSubscription(subscriptionId);
  if (snapshot && !isFinalSubscriptionStatus(subscriptionFacts(snapshot.value).status)) {
    const item = snapshot.value.items.data[0];
    const payment = await latestSubscriptionPayment(subscriptionId);
    if (item && payment) {
      const now = Date.now() / 1000;
      const unused = Math.max(0, item.current_period_end - now) / (item.current_period_end - item.current_period_start);
      const amount = Math.min(payment.amountPaid, Math.round(payment.amountPaid * unused));
      // Refunded before canceling: a canceled subscription is never looked at again.
      if (amount > 0) await refundPaymentOnce(payment.paymentIntentId, amount, `lifetime_replaced_${subscriptionId}`);
    }
    await cancelSubscriptionNow(subscriptionId);
  }
  await recordSubscriptionRetired(userId, subscriptionId);
}
