import type Stripe from "stripe";
import { describe, expect, it } from "vitest";
import { paymentStatusOf } from "@/lib/payments/status/derive-status";

type Session = Pick<Stripe.Checkout.Session, "status" | "payment_status">;
type Intent = Pick<Stripe.PaymentIntent, "status" | "last_payment_error">;

const declined = { type: "card_error", code: "card_declined", message: "Your card was declined." } as Stripe.PaymentIntent.LastPaymentError;

const table: [string, Session, Intent | null, string][] = [
  ["a completed, paid session is paid", { status: "complete", payment_status: "paid" }, { status: "succeeded", last_payment_error: null }, "paid"],
  ["a completed session that needed no payment is no_payment_required", { status: "complete", payment_status: "no_payment_required" }, null, "no_payment_required"],
  ["a completed session whose bank debit is settling is processing", { status: "complete", payment_status: "unpaid" }, { status: "processing", last_payment_error: null }, "processing"],
  ["a completed session whose bank debit failed is failed", { status: "complete", payment_status: "unpaid" }, { status: "requires_payment_method", last_payment_error: declined }, "failed"],
  ["an open session nobody has paid on yet is unpaid", { status: "open", payment_status: "unpaid" }, null, "unpaid"],
  ["an open session waiting for 3-D Secure is processing", { status: "open", payment_status: "unpaid" }, { status: "requires_action", last_payment_error: null }, "processing"],
  ["an open session whose last card was declined is failed", { status: "open", payment_status: "unpaid" }, { status: "requires_payment_method", last_payment_error: declined }, "failed"],
  ["an open session whose payment was canceled is canceled", { status: "open", payment_status: "unpaid" }, { status: "canceled", last_payment_error: null }, "canceled"],
  ["an expired session is expired", { status: "expired", payment_status: "unpaid" }, null, "expired"],
  ["an expired session is expired even if an attempt had failed", { status: "expired", payment_status: "unpaid" }, { status: "requires_payment_method", last_payment_error: declined }, "expired"],
];

describe("paymentStatusOf", () => {
  it.each(table)("%s", (_name, session, intent, expected) => {
    expect(paymentStatusOf(session, intent)).toBe(expected);
  });
});
