import { afterEach, describe, expect, it } from "vitest";
import { checkoutUiFor, stripeJsConfig, stripeJsSources } from "@/lib/stripe-gateway/stripe-js";

// What a store with embedded Checkout lets its pages load: exactly Stripe's documented origins on
// Stripe, exactly the sandbox's locally, nothing while Checkout cannot be embedded.

const KEYS = ["STRIPE_PUBLISHABLE_KEY", "STRIPE_API_BASE", "STRIPE_SECRET_KEY", "STOREFRONT_CHECKOUT_UI"] as const;
afterEach(() => {
  for (const key of KEYS) delete process.env[key];
});

describe("Stripe.js for embedded Checkout", () => {
  it("lets pages load nothing of Stripe's without a publishable key, and refuses an embedded Checkout", () => {
    process.env.STRIPE_SECRET_KEY = "sk_test_stripe_js_0123456789";
    expect(stripeJsSources()).toEqual({ script: [], frame: [], connect: [], img: [] });
    expect(stripeJsConfig()).toBeNull();
    expect(checkoutUiFor(undefined)).toBe("hosted");
    expect(() => checkoutUiFor("embedded")).toThrow(expect.objectContaining({ code: "checkout_ui_unavailable", status: 400 }));
  });

  it("on Stripe, allows Stripe's documented origins and lets loadStripe fetch Stripe.js itself", () => {
    Object.assign(process.env, { STRIPE_SECRET_KEY: "sk_test_stripe_js_0123456789", STRIPE_PUBLISHABLE_KEY: "pk_test_stripe_js", STOREFRONT_CHECKOUT_UI: "embedded" });
    expect(stripeJsSources()).toEqual({
      script: ["https://js.stripe.com", "https://*.js.stripe.com", "https://checkout.stripe.com"],
      frame: ["https://js.stripe.com", "https://*.js.stripe.com", "https://hooks.stripe.com", "https://checkout.stripe.com"],
      connect: ["https://api.stripe.com", "https://checkout.stripe.com"],
      img: ["https://*.stripe.com"],
    });
    expect(stripeJsConfig()).toEqual({ publishableKey: "pk_test_stripe_js", standInScript: null });
    expect(checkoutUiFor(undefined)).toBe("embedded");
    expect(checkoutUiFor("hosted")).toBe("hosted");
  });

  it("against the sandbox, allows its origin alone and loads its Stripe.js stand-in first", () => {
    Object.assign(process.env, { STRIPE_SECRET_KEY: "sk_test_stripe_js_0123456789", STRIPE_PUBLISHABLE_KEY: "pk_test_sandbox", STRIPE_API_BASE: "http://127.0.0.1:12111" });
    expect(stripeJsSources()).toEqual({ script: ["http://127.0.0.1:12111"], frame: ["http://127.0.0.1:12111"], connect: [], img: [] });
    expect(stripeJsConfig()).toEqual({ publishableKey: "pk_test_sandbox", standInScript: "http://127.0.0.1:12111/v3/" });
  });

  it("refuses a publishable key of the other mode than the secret key, and embedded Checkout without one", () => {
    Object.assign(process.env, { STRIPE_SECRET_KEY: "sk_test_stripe_js_0123456789", STRIPE_PUBLISHABLE_KEY: "pk_live_stripe_js" });
    expect(() => stripeJsConfig()).toThrow(/STRIPE_PUBLISHABLE_KEY: must be of the same mode/);
    Object.assign(process.env, { STRIPE_PUBLISHABLE_KEY: "", STOREFRONT_CHECKOUT_UI: "embedded" });
    expect(() => stripeJsConfig()).toThrow(/STRIPE_PUBLISHABLE_KEY: is needed for STOREFRONT_CHECKOUT_UI=embedded/);
  });
});
