import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startStack, type Stack } from "./harness";
import { priceIds } from "./purchases";
import { requestCheckout, signUp } from "./storefront";
import { skipWithoutPostgres } from "@/test-support/required-services";

// A buyer who double-clicks (or whose browser retries) twenty times at once, with the clicks
// spread over two servers, must still get one checkout and one Stripe customer.


describe.skipIf(skipWithoutPostgres("the checkout race suite"))("simultaneous checkouts for one buyer across two instances", () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack({ sandboxDelivers: false });
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it("gives all twenty simultaneous clicks the same checkout, with one Stripe customer and one open session", async () => {
    const priceId = (await priceIds(stack.sandbox))("medium_pack");
    const buyer = await signUp(stack.apps[0]);

    const answers = await Promise.all(
      Array.from({ length: 20 }, async (_, click) => {
        const response = await requestCheckout(stack.apps[click % 2] ?? stack.apps[0], buyer, priceId);
        return { status: response.status, body: await response.text() };
      }),
    );

    expect(answers.map((a) => a.status)).toEqual(Array.from({ length: 20 }, () => 200));
    const sessionIds = new Set(answers.map((a) => (JSON.parse(a.body) as { sessionId: string }).sessionId));
    expect(sessionIds.size).toBe(1);
    const customers = await stack.sandbox.stripe.customers.list({ email: buyer.email, limit: 100 });
    expect(customers.data).toHaveLength(1);
    const customer = customers.data[0]?.id ?? "";
    const open = await stack.sandbox.stripe.checkout.sessions.list({ customer, status: "open", limit: 100 });
    expect(open.data.map((s) => s.id)).toEqual([...sessionIds]);
  });
});
