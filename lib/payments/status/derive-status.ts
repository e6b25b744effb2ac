import type Stripe from "stripe";
import type { PaymentStatus } from "@/lib/generated/prisma/enums";

// The seven statuses of the public API, derived from what Stripe says about a Checkout Session
// and its PaymentIntent. The README's "Payment status" table is this function in prose.

export function paymentStatusOf(
  session: Pick<Stripe.Checkout.Session, "status" | "payment_status">,
  paymentIntent: Pick<Stripe.PaymentIntent, "status" | "last_payment_error"> | null,
): PaymentStatus {
  if (session.status === "expired") return "expired";

  if (session.status === "complete") {
    if (session.payment_status === "paid") return "paid";
    if (session.payment_status === "no_payment_required") return "no_payment_required";
    // Completed but unpaid: a delayed method (bank debit) is settling, or it failed to settle.
    if (paymentIntent?.status === "requires_payment_method" || paymentIntent?.status === "canceled") return "failed";
    return "processing";
  }

  switch (paymentIntent?.status) {
    case undefined:
      return "unpaid";
    case "processing":
    case "requires_action":
    case "requires_capture":
      return "processing";
    case "canceled":
      return "canceled";
    case "requires_payment_method":
      // The buyer's last attempt was declined; the session stays open so they may try again.
      return paymentIntent.last_payment_error ? "failed" : "unpaid";
    default:
      return "unpaid";
  }
}

/** Statuses that no later Stripe state can change, so they need no re-read from Stripe. */
export function isSettled(status: PaymentStatus): boolean {
  return status === "paid" || status === "no_payment_required" || status === "expired";
}

export function deliversGoods(status: PaymentStatus): boolean {
  return status === "paid" || status === "no_payment_required";
}
