import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newEvents } from "./events";
import { startStack, type Stack } from "./harness";
import { priceIds } from "./purchases";
import { signUp, startCheckout } from "./storefront";
import { skipWithoutPostgres } from "@/test-support/required-services";

// Stripe may deliver one event many times at once, and a load balancer spreads the copies over
// every instance. However many arrive, the payment is credited once, and the session is read from
// Stripe at most once per instance that found no finished claim: at most twice here.

const COPIES = 200;

describe.skipIf(skipWithoutPostgres("the event storm suite"))("two hundred simultaneous copies of one new event, spread over two instances", () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack({ sandboxDelivers: false });
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it("credit the payment once, read the session from Stripe at most twice, and answer every copy 200", async () => {
    const buyer = await signUp(stack.apps[0]);
    const sessionId = await startCheckout(stack.apps[0], buyer, (await priceIds(stack.sandbox))("small_pack"));
    await stack.sandbox.control(`/_sandbox/checkout/sessions/${sessionId}/pay`, { card: "4242424242424242" });
    const completed = (await newEvents(stack.sandbox.stripe, new Set())).find(
      (event) => event.type === "checkout.session.completed" && event.payload.includes(sessionId),
    );
    if (!completed) throw new Error(`no checkout.session.completed for ${sessionId}`);
    const sessionReads = `/_sandbox/requests?path=${encodeURIComponent(`/v1/checkout/sessions/${sessionId}`)}`;
    const { count: readsBefore } = await stack.sandbox.control<{ count: number }>(sessionReads);

    const statuses = await Promise.all(
      Array.from({ length: COPIES }, async (_, copy) => {
        const app = stack.apps[copy % 2] ?? stack.apps[0];
        const signature = stack.sandbox.stripe.webhooks.generateTestHeaderString({ payload: completed.payload, secret: stack.sandbox.webhookSecret });
        const response = await fetch(`${app.url}/api/stripe/webhook`, {
          method: "POST",
          headers: { "content-type": "application/json", "stripe-signature": signature },
          body: completed.payload,
        });
        await response.arrayBuffer();
        return response.status;
      }),
    );

    expect(statuses).toEqual(Array.from({ length: COPIES }, () => 200));
    const { count: readsAfter } = await stack.sandbox.control<{ count: number }>(sessionReads);
    expect(readsAfter - readsBefore).toBeGreaterThanOrEqual(1);
    expect(readsAfter - readsBefore).toBeLessThanOrEqual(2);
    const { rows } = await stack.database.pool.query<{ credits: number; balance: number }>(
      `SELECT (SELECT count(*)::int FROM coin_ledger_entry WHERE "userId" = $1) AS credits, (SELECT "coinBalance" FROM "user" WHERE id = $1) AS balance`,
      [buyer.id],
    );
    expect(rows[0]).toEqual({ credits: 1, balance: 200 });
  });
});
