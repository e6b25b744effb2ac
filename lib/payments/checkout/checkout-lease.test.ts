import { afterAll, beforeAll, expect, it } from "vitest";
import { db } from "@/lib/db";
import { signUpBuyer } from "@/test-support/buyers";
import { requestCheckout } from "@/test-support/route-calls";
import { startStripeGate, type StripeGate } from "@/test-support/stripe-gate";
import { startTestStripe, type TestStripe } from "@/test-support/test-stripe";

// One database connection for the whole app, as on the embedded database: if a checkout kept a
// connection (or a transaction) while it waits on Stripe, every other request would wait too.
process.env.DATABASE_POOL_SIZE = "1";

let sandbox: TestStripe;
let gate: StripeGate;

beforeAll(async () => {
  sandbox = await startTestStripe({ deliverWebhooks: false });
  // Holds every session creation: a Stripe that is slow to create them.
  gate = await startStripeGate(sandbox.apiBase, ({ method, path }) => method === "POST" && path === "/v1/checkout/sessions");
});
afterAll(async () => {
  gate.release();
  await gate.close();
  await sandbox.close();
});

it("answers other requests from the database while checkouts wait on a slow Stripe", async () => {
  const buyers = await Promise.all([signUpBuyer(), signUpBuyer(), signUpBuyer()]);
  const priceId = await sandbox.priceId("small_pack");
  process.env.STRIPE_API_BASE = gate.url;
  try {
    const starts = buyers.map((buyer) => requestCheckout(buyer, { priceId }));
    await gate.holding(buyers.length);

    // Stripe has not answered any of the three; the one connection must still be free.
    expect(await db.user.count({ where: { id: { in: buyers.map((b) => b.id) } } })).toBe(3);

    gate.release();
    const answers = await Promise.all(starts);
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
  } finally {
    process.env.STRIPE_API_BASE = sandbox.apiBase;
  }
});

it("lets a buyer start a checkout once the lease of a start that crashed has lapsed", async () => {
  const buyer = await signUpBuyer();
  await db.checkoutLease.create({ data: { userId: buyer.id, holder: "a-process-that-died", expiresAt: new Date(Date.now() - 1000) } });

  const response = await requestCheckout(buyer, { priceId: await sandbox.priceId("small_pack") });

  expect(response.status).toBe(200);
  expect(await db.checkoutLease.count({ where: { userId: buyer.id } })).toBe(0);
});
