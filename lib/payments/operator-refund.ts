import { isLifetimeProduct, isSubscriptionProduct } from "@/lib/catalog/plan-policy";
import { productByKey } from "@/lib/catalog/products";
import { db } from "@/lib/db";
import { ApiError } from "@/lib/http/api-error";
import { chargeOfPayment, subscriptionOfPayment } from "@/lib/stripe-gateway/billing";
import { readChargeWithRefunds, refundOnceForKey } from "@/lib/stripe-gateway/charges-and-disputes";
import { findCheckoutSessionIdForPaymentIntent, paymentIntentFor } from "@/lib/stripe-gateway/checkout-sessions";

// An operator's refund (`npm run refund`, or the console's refund form). It only asks Stripe: the
// storefront learns of it from Stripe's webhooks (or reconciliation), which take back coins or end
// a plan exactly as for a refund made in the Dashboard. The script's refund is idempotent per
// payment, amount and reason, so a re-run after a timeout cannot refund twice (a second identical
// refund needs another reason); the console's is idempotent per form submission, so a double-click
// refunds once, at Stripe too.

export interface OperatorRefund {
  refundId: string;
  paymentIntentId: string;
  amount: number;
  currency: string;
  status: string | null;
  /** True when this refund had already been made by an earlier run. */
  repeated: boolean;
  /** What the storefront will do about it, in the operator's words. */
  effect: string;
}

/** The purchase a payment paid for, even before its settlement reached this database. */
async function purchaseOf(sessionOrPaymentId: string, paymentIntentId: string): Promise<{ productKey: string } | null> {
  const linked = await db.purchase.findFirst({ where: { paymentIntentId }, select: { productKey: true } });
  if (linked) return linked;
  const sessionId = sessionOrPaymentId.startsWith("cs_") ? sessionOrPaymentId : await findCheckoutSessionIdForPaymentIntent(paymentIntentId);
  return sessionId ? db.purchase.findUnique({ where: { checkoutSessionId: sessionId }, select: { productKey: true } }) : null;
}

async function effectOf(sessionOrPaymentId: string, paymentIntentId: string, amount: number | undefined): Promise<string> {
  const purchase = await purchaseOf(sessionOrPaymentId, paymentIntentId);
  const product = purchase ? productByKey(purchase.productKey) : undefined;
  if (product?.kind === "coins") return "the refunded share of the pack's coins is taken back from the buyer's balance (it may go below zero)";
  if (isLifetimeProduct(product)) {
    return amount === undefined ? "the Lifetime plan ends once the refund succeeds" : "a partial refund leaves the Lifetime plan in force; only a full refund ends it";
  }
  const subscriptionId = await subscriptionOfPayment(paymentIntentId);
  if (subscriptionId || isSubscriptionProduct(product)) {
    return `this pays an invoice of subscription ${subscriptionId ?? "(not known yet)"}: the plan stays in force and the subscription keeps billing; cancel the subscription to end it`;
  }
  return "no purchase of this storefront is behind this payment: nothing changes here";
}

/**
 * Refuses, before anything is asked of Stripe, a refund the charge cannot take: a payment that
 * made no successful charge, a disputed one, or more than is left to refund. A refund already made
 * under `key` passes (it is answered as made, whatever is left now).
 */
async function checkRefundable(paymentIntentId: string, amount: number | undefined, key: string): Promise<void> {
  const chargeId = await chargeOfPayment(paymentIntentId);
  const read = chargeId ? await readChargeWithRefunds(chargeId) : null;
  if (!read || read.charge.status !== "succeeded") throw new ApiError("invalid_request", `Payment ${paymentIntentId} has no successful charge to refund.`);
  if (read.refunds.some((refund) => refund.metadata?.refund_key === key && refund.status !== "failed" && refund.status !== "canceled")) return;
  const { charge } = read;
  if (charge.disputed) throw new ApiError("invalid_request", `Payment ${paymentIntentId} is disputed: the dispute decides what is returned, not a refund.`);
  const left = charge.amount - charge.amount_refunded;
  if (left <= 0) throw new ApiError("amount_too_large", `Payment ${paymentIntentId} is already refunded in full.`);
  if (amount !== undefined && amount > left) {
    throw new ApiError("amount_too_large", `Only ${left} of ${charge.amount} (${charge.currency}, in cents) is left to refund on payment ${paymentIntentId}; ${amount} was asked.`);
  }
}

/**
 * Refunds a payment (a Checkout Session or a PaymentIntent): `amount` in cents, or undefined for
 * all that is left. With `submissionId` (the console) the refund is made once per submission;
 * without it (the script), once per payment, amount and reason. Null when there is no payment.
 */
export async function refundAsOperator(
  sessionOrPaymentId: string,
  amount: number | undefined,
  reason: string,
  submissionId?: string,
): Promise<OperatorRefund | null> {
  const paymentIntentId = await paymentIntentFor(sessionOrPaymentId);
  if (!paymentIntentId) return null;
  const key = submissionId ? `operator:submission:${submissionId}` : `operator:${paymentIntentId}:${amount ?? "full"}:${reason}`;
  await checkRefundable(paymentIntentId, amount, key);
  const { refund, repeated } = await refundOnceForKey(paymentIntentId, amount, key);
  return {
    refundId: refund.id,
    paymentIntentId,
    amount: refund.amount,
    currency: refund.currency,
    status: refund.status,
    repeated,
    effect: await effectOf(sessionOrPaymentId, paymentIntentId, amount),
  };
}
