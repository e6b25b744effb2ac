import { env } from "@/lib/config/env";
import { ApiError } from "@/lib/http/api-error";

// What a page needs to show Checkout inside the store (Stripe.js's Embedded Checkout). On Stripe,
// `loadStripe` loads Stripe.js from js.stripe.com itself. Against the offline sandbox
// (STRIPE_API_BASE), the page first loads the sandbox's stand-in for it, which `loadStripe` then
// finds on window and uses (packages/stripe-sandbox/README.md, Embedded Checkout). The sandbox's
// address is the one the hosted page already sends browsers to, so browsers can reach it.

export type CheckoutUi = "hosted" | "embedded";

export interface StripeJsConfig {
  publishableKey: string;
  /** The sandbox's Stripe.js stand-in to load first; null on Stripe. */
  standInScript: string | null;
}

/** Where this store's buyers pay unless a request asks otherwise (STOREFRONT_CHECKOUT_UI). */
export function storeCheckoutUi(): CheckoutUi {
  return env().STOREFRONT_CHECKOUT_UI ?? "hosted";
}

/** Null when Checkout cannot be embedded: no publishable key (env() refuses one of the wrong mode). */
export function stripeJsConfig(): StripeJsConfig | null {
  const { STRIPE_PUBLISHABLE_KEY: publishableKey, STRIPE_API_BASE: base } = env();
  if (!publishableKey) return null;
  return { publishableKey, standInScript: base ? new URL("/v3/", base).toString() : null };
}

/** The UI a checkout request gets: the one it asks for, else the store's; embedded only with a publishable key. */
export function checkoutUiFor(requested: CheckoutUi | undefined): CheckoutUi {
  const ui = requested ?? storeCheckoutUi();
  if (ui === "embedded" && !stripeJsConfig()) {
    throw new ApiError("checkout_ui_unavailable", "This store takes payments on Stripe's page only: send no ui, or \"ui\": \"hosted\".");
  }
  return ui;
}

// Stripe's security guide, as stripe-facts.md §9 quotes it: Stripe.js and Embedded Checkout.
const STRIPE_SOURCES = {
  script: ["https://js.stripe.com", "https://*.js.stripe.com", "https://checkout.stripe.com"],
  frame: ["https://js.stripe.com", "https://*.js.stripe.com", "https://hooks.stripe.com", "https://checkout.stripe.com"],
  connect: ["https://api.stripe.com", "https://checkout.stripe.com"],
  img: ["https://*.stripe.com"],
};

type Sources = Record<keyof typeof STRIPE_SOURCES, string[]>;

/**
 * The origins the store's pages must let scripts, frames, requests and images come from for
 * Embedded Checkout (proxy.ts adds them to the Content-Security-Policy): Stripe's, or the
 * sandbox's; none while Checkout cannot be embedded. Read from process.env alone, as the
 * proxy runs before anything else and must not throw over another setting.
 */
export function stripeJsSources(): Sources {
  const none: Sources = { script: [], frame: [], connect: [], img: [] };
  if (!process.env.STRIPE_PUBLISHABLE_KEY) return none;
  const base = process.env.STRIPE_API_BASE;
  if (!base) return STRIPE_SOURCES;
  try {
    const origin = new URL(base).origin;
    return { ...none, script: [origin], frame: [origin] };
  } catch {
    return none;
  }
}
