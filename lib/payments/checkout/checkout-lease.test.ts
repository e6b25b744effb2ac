import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, expect, it } from "vitest";
import { db } from "@/lib/db";
import { signUpBuyer } from "@/test-support/buyers";
import { requestCheckout } from "@/test-support/route-calls";
import { startTestStripe, type TestStripe } from "@/test-support/test-stripe";

// One database connection for the whole app, as on the embedded database: if a checkout kept a
// connection (or a transaction) while it waits on Stripe, every other request would wait too.
process.env.DATABASE_POOL_SIZE = "1";

let sandbox: TestStripe;
let gate: StripeGate;

/** Sits between the app and Stripe and holds session creations until the test lets them go. */
interface StripeGate {
  url: string;
  held(): number;
  release(): void;
  close(): Promise<void>;
}

async function startStripeGate(target: string): Promise<StripeGate> {
  const waiting: (() => void)[] = [];
  let open = false;
  const server = http.createServer((req, res) => {
    const forward = () => {
      const upstream = http.request(`${target}${req.url}`, { method: req.method, headers: req.headers }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      });
      req.pipe(upstream);
    };
    if (!open && req.method === "POST" && req.url === "/v1/checkout/sessions") waiting.push(forward);
    else forward();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    held: () => waiting.length,
    release() {
      open = true;
      for (const go of waiting.splice(0)) go();
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 20));
  if (!condition()) throw new Error("condition never became true");
}

beforeAll(async () => {
  sandbox = await startTestStripe({ deliverWebhooks: false });
  gate = await startStripeGate(sandbox.apiBase);
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
    await until(() => gate.held() === buyers.length);

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
