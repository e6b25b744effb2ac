import Stripe from "stripe";
import { env } from "@/lib/config/env";
import { ApiError } from "@/lib/http/api-error";
import { STRIPE_API_VERSION } from "@/lib/stripe-gateway/api-version";

// The one Stripe client, used by lib/stripe-gateway/ only (and by tests, which play Stripe's
// dashboard). STRIPE_API_BASE points it at another host (the offline sandbox); the code that
// uses it cannot tell the difference.
let cached: { config: string; client: Stripe } | undefined;

export function stripe(): Stripe {
  const { STRIPE_SECRET_KEY: key, STRIPE_API_BASE: base } = env();
  if (!key) {
    throw new ApiError(
      "stripe_not_configured",
      "Payments are not configured: no Stripe is set up (STRIPE_SECRET_KEY is missing).",
    );
  }
  const config = `${key}|${base ?? ""}`;
  if (cached?.config === config) return cached.client;
  const target = base ? new URL(base) : undefined;
  const client = new Stripe(key, {
    apiVersion: STRIPE_API_VERSION,
    // Bounded so a checkout start finishes well inside its lease (lib/payments/checkout/checkout-lease.ts).
    maxNetworkRetries: 2,
    timeout: 10_000,
    appInfo: { name: "stripe-storefront" },
    ...(target && {
      host: target.hostname,
      port: Number(target.port || (target.protocol === "https:" ? 443 : 80)),
      protocol: target.protocol === "https:" ? "https" : "http",
    }),
  });
  cached = { config, client };
  return client;
}
