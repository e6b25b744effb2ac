import { afterEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { rememberStripeCustomer, stripeCustomerOf } from "@/lib/payments/stripe-customer";
import { signUpBuyer } from "@/test-support/buyers";
import { fakeStripeKey } from "@/test-support/fake-keys";

const testKey = process.env.STRIPE_SECRET_KEY;
afterEach(() => {
  // Assigning undefined would store the string "undefined": an unset key is deleted.
  if (testKey === undefined) delete process.env.STRIPE_SECRET_KEY;
  else process.env.STRIPE_SECRET_KEY = testKey;
});

function useKey(key: string): void {
  process.env.STRIPE_SECRET_KEY = key;
}

describe("a buyer's Stripe customer", () => {
  it("is kept per mode: a test customer is never sent to Stripe under a live key, and each mode keeps its own", async () => {
    const buyer = await signUpBuyer();
    useKey("sk_test_customer_modes");
    expect(await rememberStripeCustomer(buyer.id, "cus_made_in_test")).toBe("cus_made_in_test");

    useKey(fakeStripeKey("live", "customer_modes"));
    expect(await stripeCustomerOf(buyer.id)).toBeNull();
    expect(await rememberStripeCustomer(buyer.id, "cus_made_in_live")).toBe("cus_made_in_live");

    useKey(fakeStripeKey("live", "customer_modes", "rk"));
    expect(await stripeCustomerOf(buyer.id)).toBe("cus_made_in_live");
    useKey("sk_test_customer_modes");
    expect(await stripeCustomerOf(buyer.id)).toBe("cus_made_in_test");
    expect(await db.user.findUniqueOrThrow({ where: { id: buyer.id } })).toMatchObject({
      stripeTestCustomerId: "cus_made_in_test",
      stripeLiveCustomerId: "cus_made_in_live",
    });
  });

  it("is the first one recorded: a second start that made another customer gets the first", async () => {
    const buyer = await signUpBuyer();
    useKey(fakeStripeKey("live", "customer_race"));
    const [first, second] = await Promise.all([rememberStripeCustomer(buyer.id, "cus_live_one"), rememberStripeCustomer(buyer.id, "cus_live_two")]);
    expect(first).toBe(second);
    expect(await stripeCustomerOf(buyer.id)).toBe(first);
  });
});
