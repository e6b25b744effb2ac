import { priceIdsByProduct } from "@/lib/catalog/stripe-prices";
import { isStripeConfigured } from "@/lib/stripe-gateway/webhooks";

export type PricingAvailability =
  /** priceIds: product key → Stripe price id. */
  | { state: "ready"; priceIds: Readonly<Record<string, string | undefined>> }
  | { state: "not_configured" }
  | { state: "unavailable" };

/** Stripe prices for the grid; a Stripe outage or a bad setting must degrade the page, never crash it. */
export async function pricingAvailability(): Promise<PricingAvailability> {
  try {
    if (!isStripeConfigured()) return { state: "not_configured" };
    return { state: "ready", priceIds: await priceIdsByProduct() };
  } catch (error) {
    console.error("pricing: could not load Stripe prices", error);
    return { state: "unavailable" };
  }
}
