import type Stripe from "stripe";
import { env } from "@/lib/config/env";

// The Checkout parameters for promotion codes and tax, beside the ones start-checkout.ts sets for
// what is bought and by whom.

type SessionExtras = Pick<Stripe.Checkout.SessionCreateParams, "allow_promotion_codes" | "automatic_tax" | "billing_address_collection" | "customer_update">;

/**
 * Every checkout takes a promotion code typed on Stripe's page: which products a code discounts,
 * for whom and until when is the coupon's business (Stripe refuses the ones that do not apply).
 * Codes are never pre-applied with `discounts`, which Stripe refuses beside this. With
 * STRIPE_AUTOMATIC_TAX=1, Stripe Tax adds tax on top of the prices (their tax_behavior is
 * exclusive, `npm run stripe:setup`) from the buyer's billing address, which Checkout then always
 * asks for and saves on the customer, since every session has one and Stripe refuses automatic tax
 * for a customer with no address unless Checkout may write it.
 */
export function checkoutSessionExtras(): SessionExtras {
  const automaticTax = env().STRIPE_AUTOMATIC_TAX === "1";
  return {
    allow_promotion_codes: true,
    ...(automaticTax && { automatic_tax: { enabled: true }, billing_address_collection: "required", customer_update: { address: "auto" } }),
  };
}
