import { env } from "@/lib/config/env";

/** Stripe's two worlds: objects made with a test key do not exist for a live key, and the reverse. */
export type StripeMode = "test" | "live";

/** The mode of the configured secret key (sk_live_/rk_live_ are live; everything else is test). */
export function stripeMode(): StripeMode {
  return /^(sk|rk)_live_/.test(env().STRIPE_SECRET_KEY ?? "") ? "live" : "test";
}
