import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createCustomer, readCheckout } from "@/lib/stripe-gateway/checkout-sessions";
import { refundForReason } from "@/lib/stripe-gateway/period-payments";

// A scripted Stripe, for answers the sandbox does not give on demand: a failure that Stripe
// stored under an idempotency key and replays for every retry with that key.

const seenKeys: string[] = [];
let server: http.Server;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const key = String(req.headers["idempotency-key"] ?? "");
    if (req.url?.startsWith("/v1/checkout/sessions/")) {
      res.writeHead(404, { "content-type": "application/json" });
      res.end(JSON.stringify({ error: { type: "invalid_request_error", code: "resource_missing", message: "No such checkout.session" } }));
      return;
    }
    seenKeys.push(key);
    if (key.startsWith("refund:")) {
      res.writeHead(400, { "content-type": "application/json" });
      res.end(JSON.stringify({ error: { type: "idempotency_error", message: "Keys for idempotent requests can only be used with the same parameters they were first used with." } }));
      return;
    }
    if (!key.endsWith(":retry")) {
      res.writeHead(500, { "content-type": "application/json", "idempotent-replayed": "true", "stripe-should-retry": "false" });
      res.end(JSON.stringify({ error: { type: "api_error", message: "An unknown error occurred" } }));
      return;
    }
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ id: "cus_fromfreshkey", object: "customer" }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  process.env.STRIPE_SECRET_KEY = "sk_test_scripted";
  process.env.STRIPE_API_BASE = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

it("recovers from a failure Stripe replays for an attempt's idempotency key by trying once with a fresh key", async () => {
  const customer = await createCustomer({ id: "user_1", email: "buyer@example.com" }, "attempt-1");

  expect(customer).toBe("cus_fromfreshkey");
  expect(seenKeys).toEqual(["customer:user_1:attempt-1", "customer:user_1:attempt-1:retry"]);
});

it("names each logical attempt's writes with that attempt, so a new click never inherits an old failure", async () => {
  seenKeys.length = 0;
  await createCustomer({ id: "user_1", email: "buyer@example.com" }, "attempt-2");

  expect(seenKeys[0]).toBe("customer:user_1:attempt-2");
});

it("never retries under a fresh key when Stripe says the key was used with other parameters, so nothing is done twice", async () => {
  seenKeys.length = 0;
  await expect(refundForReason("pi_1", 500, "replaced_sub_1")).rejects.toMatchObject({ code: "stripe_unavailable" });

  expect(seenKeys).toEqual(["refund:replaced_sub_1:pi_1"]);
});

it("reads an object Stripe does not have as nothing, not as an error", async () => {
  expect(await readCheckout("cs_test_gone")).toBeNull();
});
