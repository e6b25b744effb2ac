import { afterEach, describe, expect, it } from "vitest";
import { stripeDashboardUrl } from "@/lib/admin/stripe-dashboard";
import { fakeStripeKey } from "@/test-support/fake-keys";

const key = process.env.STRIPE_SECRET_KEY;
afterEach(() => {
  // Assigning undefined would store the string "undefined": an unset key is deleted.
  if (key === undefined) delete process.env.STRIPE_SECRET_KEY;
  else process.env.STRIPE_SECRET_KEY = key;
});

describe("links to the Stripe Dashboard", () => {
  it("open test objects under /test and live ones without it", () => {
    process.env.STRIPE_SECRET_KEY = "sk_test_dashboard";
    expect(stripeDashboardUrl("pi_123")).toBe("https://dashboard.stripe.com/test/payments/pi_123");
    process.env.STRIPE_SECRET_KEY = fakeStripeKey("live", "dashboard");
    expect(stripeDashboardUrl("sub_9")).toBe("https://dashboard.stripe.com/subscriptions/sub_9");
  });

  it("pick the most specific page for an id and none for an id Stripe has no page for", () => {
    process.env.STRIPE_SECRET_KEY = "sk_test_dashboard";
    expect(stripeDashboardUrl("sub_sched_1")).toBe("https://dashboard.stripe.com/test/subscription_schedules/sub_sched_1");
    expect(stripeDashboardUrl("user_42")).toBeNull();
  });
});
