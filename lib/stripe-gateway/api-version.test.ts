import http from "node:http";
import type { AddressInfo } from "node:net";
import Stripe from "stripe";
import { afterAll, beforeAll, expect, it } from "vitest";
import { STRIPE_API_VERSION } from "@/lib/stripe-gateway/api-version";
import { createCustomer, readCheckout } from "@/lib/stripe-gateway/checkout-sessions";

// Stripe answers each call in the version its Stripe-Version header names: the store sends the
// one it pins on every call, and pins the one its SDK's types describe.

const versions: (string | undefined)[] = [];
let server: http.Server;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    versions.push(req.headers["stripe-version"]?.toString());
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify(req.url?.startsWith("/v1/customers") ? { id: "cus_versioned", object: "customer" } : { id: "cs_test_versioned", object: "checkout.session" }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  process.env.STRIPE_SECRET_KEY = "sk_test_api_version_0123456789";
  process.env.STRIPE_API_BASE = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  delete process.env.STRIPE_SECRET_KEY;
  delete process.env.STRIPE_API_BASE;
  await new Promise((resolve) => server.close(resolve));
});

it("is the version the installed Stripe SDK was generated for", () => {
  expect(new Stripe("sk_test_api_version_0123456789").getConstant("DEFAULT_API_VERSION")).toBe(STRIPE_API_VERSION);
});

it("is sent as Stripe-Version on every call to Stripe", async () => {
  await createCustomer({ id: "user_versioned", email: "versioned@example.com" }, "first");
  await readCheckout("cs_test_versioned");
  expect(versions.length).toBeGreaterThanOrEqual(2);
  expect(new Set(versions)).toEqual(new Set([STRIPE_API_VERSION]));
});
