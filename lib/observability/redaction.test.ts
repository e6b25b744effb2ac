import { afterEach, describe, expect, it } from "vitest";
import { scrubFieldsOf, scrubText } from "@/lib/observability/redaction";
import { fakeStripeKey } from "@/test-support/fake-keys";

afterEach(() => {
  delete process.env.CRON_SECRET;
});

describe("scrubbing a log line", () => {
  it.each([
    ["a Stripe secret key", `key ${fakeStripeKey("live", "51HxYzAbC123")} refused`, "key [redacted stripe key] refused"],
    ["a restricted key", "rk_test_abcDEF123", "[redacted stripe key]"],
    ["a webhook secret", "secret whsec_0aB+/9=", "secret [redacted webhook secret]"],
    ["a bearer token", "Authorization: Bearer abc.def-ghi", "Authorization: Bearer [redacted]"],
    ["a password in a connection string", "postgresql://shop:pa55word@db.internal:5432/shop", "postgresql://shop:[redacted]@db.internal:5432/shop"],
    ["a card number", "paid with 4242424242424242 today", "paid with [redacted card] today"],
    ["a spaced card number", "card 4000 0566 5566 5556", "card [redacted card]"],
    ["an email address, to its first letter and domain", "buyer Ada.Lovelace+shop@example.co.uk refunded", "buyer A***@example.co.uk refunded"],
  ])("takes out %s", (_, text, clean) => {
    expect(scrubText(text)).toBe(clean);
  });

  it.each([
    ["a millisecond timestamp", "at 1765000000000"],
    ["a 16-digit number that is no card (fails Luhn)", "order 4242424242424241"],
    ["a Checkout Session id", "cs_test_a1B2c3D4e5F6g7H8"],
    ["a request id", "req 6cfedf2e-9efa-49d8-8628-3bd38a76e0aa"],
  ])("leaves %s alone", (_, text) => {
    expect(scrubText(text)).toBe(text);
  });

  it("takes out the app's own secrets by value, whatever they look like", () => {
    process.env.CRON_SECRET = "plain-words-cron-secret-value";
    expect(scrubText("called with plain-words-cron-secret-value")).toBe("called with [redacted]");
  });

  it("takes out values under secret-sounding names at any depth, in arrays, headers and errors", () => {
    const error = new Error("failed for bob@example.com", { cause: { apiKey: "k", where: "sk_test_abcdef" } });
    expect(
      scrubFieldsOf({
        request: { headers: new Headers({ Cookie: "session=1", "Stripe-Signature": "t=1,v1=2", accept: "*/*" }) },
        users: [{ email: "carol@example.org", resetToken: "t0k3n", passwordHash: "x" }],
        clientSecret: "pi_secret",
        err: error,
        count: 3,
        at: null,
      }),
    ).toEqual({
      request: { headers: { accept: "*/*", cookie: "[redacted]", "stripe-signature": "[redacted]" } },
      users: [{ email: "c***@example.org", resetToken: "[redacted]", passwordHash: "[redacted]" }],
      clientSecret: "[redacted]",
      err: { type: "Error", message: "failed for b***@example.com", stack: expect.not.stringContaining("bob@"), cause: { apiKey: "[redacted]", where: "[redacted stripe key]" } },
      count: 3,
      at: null,
    });
  });
});
