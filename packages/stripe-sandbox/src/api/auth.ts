import type { IncomingHttpHeaders } from "node:http";
import { StripeApiError } from "../http/errors";

function unauthorized(message: string): StripeApiError {
  return new StripeApiError(401, { type: "invalid_request_error", message });
}

function redact(key: string): string {
  return key.length > 12 ? `${key.slice(0, 8)}${"*".repeat(key.length - 12)}${key.slice(-4)}` : key;
}

/** Accepts Bearer or Basic (key as username), like Stripe; only test-mode secret keys. */
export function authenticate(headers: IncomingHttpHeaders): string {
  const header = headers.authorization;
  if (!header) {
    throw unauthorized(
      "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY'). See https://stripe.com/docs/api#authentication for details, or we can help at https://support.stripe.com/.",
    );
  }
  const [scheme = "", value = ""] = header.split(" ");
  const key = scheme.toLowerCase() === "basic" ? (Buffer.from(value, "base64").toString("utf8").split(":")[0] ?? "") : scheme.toLowerCase() === "bearer" ? value.trim() : "";
  if (!key.startsWith("sk_test_") && !key.startsWith("rk_test_")) {
    throw unauthorized(`Invalid API Key provided: ${redact(key)}`);
  }
  return key;
}
