import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createCustomer, findCheckoutSessionIdForPaymentIntent, readCheckout } from "@/lib/stripe-gateway/checkout-sessions";
import { logger } from "@/lib/observability/logger";

// What a buyer (or the operator) is told when Stripe fails: every Stripe error leaves the gateway
// as one of the API's errors, with the message the browser shows. A scripted Stripe answers each
// scenario, named by the id asked for (or, for a write, by the buyer id in its idempotency key).

interface Scripted {
  status: number;
  error?: { type: string; code?: string; message?: string };
  headers?: Record<string, string>;
}

const scenarios: Record<string, Scripted> = {
  outage: { status: 500, error: { type: "api_error", message: "An unknown error occurred" } },
  ratelimited: { status: 429, error: { type: "invalid_request_error", code: "rate_limit", message: "Too many requests" } },
  badkey: { status: 401, error: { type: "invalid_request_error", message: "Invalid API Key provided" } },
  forbidden: { status: 403, error: { type: "invalid_request_error", message: "The provided key does not have access" } },
  taxinactive: {
    status: 400,
    error: { type: "invalid_request_error", code: "stripe_tax_inactive", message: "Stripe Tax has not been activated on your account. Please visit https://stripe.com/docs/tax/set-up to get started." },
  },
  declined: { status: 402, error: { type: "card_error", code: "card_declined", message: "Your card has insufficient funds." } },
  declinedsilently: { status: 402, error: { type: "card_error", code: "card_declined", message: "" } },
  toosmall: { status: 400, error: { type: "invalid_request_error", code: "amount_too_small", message: "Amount must be at least $0.50 usd" } },
  toolarge: { status: 400, error: { type: "invalid_request_error", code: "amount_too_large", message: "Amount must be no more than $999,999.99" } },
  currency: { status: 400, error: { type: "invalid_request_error", code: "currency_not_supported", message: "The currency xyz is not supported" } },
  badcurrency: { status: 400, error: { type: "invalid_request_error", code: "invalid_currency", message: "Invalid currency: xyz" } },
  unknownparam: { status: 400, error: { type: "invalid_request_error", code: "parameter_unknown", message: "Received unknown parameter: foo" } },
  missing: { status: 404, error: { type: "invalid_request_error", code: "resource_missing", message: "No such object" } },
  // A failure Stripe stored under the key and replays for every retry with it, even with :retry.
  replayedtwice: { status: 500, error: { type: "api_error", message: "An unknown error occurred" }, headers: { "idempotent-replayed": "true" } },
  notreplayed: { status: 500, error: { type: "api_error", message: "An unknown error occurred" }, headers: { "idempotent-replayed": "false" } },
};

const seenKeys: string[] = [];
let server: http.Server;
let base: string;

function scenarioOf(req: http.IncomingMessage): string {
  const url = new URL(req.url ?? "/", "http://stripe.test");
  const key = String(req.headers["idempotency-key"] ?? "");
  if (key) return key.split(":")[1] ?? "";
  return (url.searchParams.get("payment_intent") ?? url.pathname.split("/").at(-1) ?? "").replace(/^(cs|pi)_test_/, "");
}

beforeAll(async () => {
  server = http.createServer((req, res) => {
    if (req.headers["idempotency-key"]) seenKeys.push(String(req.headers["idempotency-key"]));
    const scripted = scenarios[scenarioOf(req)];
    // The SDK's own retries are not what is tested here.
    const headers = { "content-type": "application/json", "stripe-should-retry": "false", ...scripted?.headers };
    if (!scripted) {
      res.writeHead(200, headers);
      res.end(JSON.stringify({ object: "list", data: [], has_more: false }));
      return;
    }
    res.writeHead(scripted.status, headers);
    res.end(JSON.stringify({ error: scripted.error }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  process.env.STRIPE_SECRET_KEY = "sk_test_scripted_errors";
  process.env.STRIPE_API_BASE = base;
  // The gateway logs the failures an operator must look into; keep them out of the test output.
  vi.spyOn(logger(), "error").mockImplementation(() => undefined);
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const lookUp = (scenario: string) => findCheckoutSessionIdForPaymentIntent(`pi_test_${scenario}`);

describe("a Stripe failure reaches the buyer as", () => {
  it("Stripe being unavailable for a while, when Stripe fails on its side or asks us to slow down", async () => {
    const unavailable = { code: "stripe_unavailable", message: "Payments are temporarily unavailable. Please try again in a minute." };
    await expect(lookUp("outage")).rejects.toMatchObject(unavailable);
    await expect(lookUp("ratelimited")).rejects.toMatchObject(unavailable);
  });

  it("Stripe being unavailable for a while, when Stripe cannot be reached at all", async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    process.env.STRIPE_API_BASE = `http://127.0.0.1:${port}`;
    try {
      await expect(lookUp("anything")).rejects.toMatchObject({
        code: "stripe_unavailable",
        message: "Payments are temporarily unavailable. Please try again in a minute.",
      });
    } finally {
      process.env.STRIPE_API_BASE = base;
    }
  });

  it("payments not being set up, when Stripe refuses the API key or its permissions, and the operator is told", async () => {
    const notConfigured = { code: "stripe_not_configured", message: "Payments are not set up correctly. Please try again later." };
    const logged = vi.mocked(logger().error);
    logged.mockClear();

    await expect(lookUp("badkey")).rejects.toMatchObject(notConfigured);
    await expect(lookUp("forbidden")).rejects.toMatchObject(notConfigured);

    expect(logged.mock.calls.map((call) => call[1])).toEqual(["stripe: the API key was refused", "stripe: the API key was refused"]);
  });

  it("payments not being set up, when automatic tax is switched on but Stripe Tax is not active, and the operator is told which", async () => {
    const logged = vi.mocked(logger().error);
    logged.mockClear();

    await expect(lookUp("taxinactive")).rejects.toMatchObject({ code: "stripe_not_configured", message: "Payments are not set up correctly. Please try again later." });

    expect(logged.mock.calls.map((call) => call[1])).toEqual(["stripe: STRIPE_AUTOMATIC_TAX=1 but Stripe Tax is not activated on the account"]);
  });

  it("a declined payment with the card issuer's reason, or a plain one when Stripe gives none", async () => {
    await expect(lookUp("declined")).rejects.toMatchObject({ code: "payment_declined", message: "Your card has insufficient funds." });
    await expect(lookUp("declinedsilently")).rejects.toMatchObject({ code: "payment_declined", message: "Your card was declined." });
  });

  it("the amount or currency problem Stripe named, in Stripe's words", async () => {
    await expect(lookUp("toosmall")).rejects.toMatchObject({ code: "amount_too_small", message: "Amount must be at least $0.50 usd" });
    await expect(lookUp("toolarge")).rejects.toMatchObject({ code: "amount_too_large", message: "Amount must be no more than $999,999.99" });
    await expect(lookUp("currency")).rejects.toMatchObject({ code: "currency_not_supported", message: "The currency xyz is not supported" });
    await expect(lookUp("badcurrency")).rejects.toMatchObject({ code: "currency_not_supported", message: "Invalid currency: xyz" });
  });

  it("a payment that could not be completed, for any other refusal, which the operator sees in the log", async () => {
    const logged = vi.mocked(logger().error);
    logged.mockClear();

    await expect(lookUp("unknownparam")).rejects.toMatchObject({
      code: "stripe_unavailable",
      message: "Payments could not be completed right now. Please try again in a minute.",
    });
    expect(logged.mock.calls.map((call) => call[1])).toEqual(["stripe: unexpected error"]);
  });
});

describe("an object Stripe does not have", () => {
  it("is nothing to a read, but a failure to a lookup that expected it", async () => {
    expect(await readCheckout("cs_test_missing")).toBeNull();
    await expect(lookUp("missing")).rejects.toMatchObject({ code: "stripe_unavailable" });
  });

  it("is not confused with any other failure of a read", async () => {
    await expect(readCheckout("cs_test_outage")).rejects.toMatchObject({ code: "stripe_unavailable" });
    await expect(readCheckout("cs_test_unknownparam")).rejects.toMatchObject({ code: "stripe_unavailable" });
  });
});

describe("a write whose key Stripe answers with a stored failure", () => {
  it("is tried once more under a fresh key, and then fails as the API's error", async () => {
    seenKeys.length = 0;
    await expect(createCustomer({ id: "replayedtwice", email: "buyer@example.com" }, "attempt-1")).rejects.toMatchObject({
      code: "stripe_unavailable",
      message: "Payments are temporarily unavailable. Please try again in a minute.",
    });
    expect(seenKeys).toEqual(["customer:replayedtwice:attempt-1", "customer:replayedtwice:attempt-1:retry"]);
  });

  it("is not retried when the failure was not a replay", async () => {
    seenKeys.length = 0;
    await expect(createCustomer({ id: "notreplayed", email: "buyer@example.com" }, "attempt-1")).rejects.toMatchObject({ code: "stripe_unavailable" });
    await expect(createCustomer({ id: "declined", email: "buyer@example.com" }, "attempt-2")).rejects.toMatchObject({ code: "payment_declined" });
    expect(seenKeys).toEqual(["customer:notreplayed:attempt-1", "customer:declined:attempt-2"]);
  });
});
