import { AsyncLocalStorage } from "node:async_hooks";
import Stripe from "stripe";
import { ApiError } from "@/lib/http/api-error";
import { recordStripeRequest, type StripeOutcome } from "@/lib/observability/metrics";
import { stripe } from "@/lib/stripe-gateway/client";
import { logger } from "@/lib/observability/logger";

// lib/stripe-gateway/ is the only app code that talks to Stripe (a lint rule keeps the SDK out of
// everything else). Reads return timed snapshots (the fulfilment module uses the timing to refuse
// stale ones) or null when Stripe has no such object; writes carry idempotency keys scoped to one
// logical attempt; Stripe's errors become the API's errors here and nowhere else.

export interface Snapshot<T> {
  value: T;
  /** Our clock when the request was sent: Stripe's answer reflects its state at or after this. */
  readStartedAt: Date;
  /** Our clock when the answer arrived: Stripe's state at or before this. */
  readFinishedAt: Date;
}

/** The Stripe error codes the public API passes on, under its own names. */
const stripeCodeToApiCode = {
  amount_too_small: "amount_too_small",
  amount_too_large: "amount_too_large",
  currency_not_supported: "currency_not_supported",
  invalid_currency: "currency_not_supported",
} as const;

/** Stripe could not be reached or failed on its side: worth retrying later. */
function isOutage(error: unknown): boolean {
  return (
    error instanceof Stripe.errors.StripeConnectionError ||
    error instanceof Stripe.errors.StripeAPIError ||
    error instanceof Stripe.errors.StripeRateLimitError
  );
}

export function isMissing(error: unknown): boolean {
  return error instanceof Stripe.errors.StripeInvalidRequestError && error.code === "resource_missing";
}

/**
 * Stripe answered with the stored failure of an earlier request with the same idempotency key.
 * Not an idempotency_error: that one says the key was used with other parameters, so something
 * may already have been done under it (a refund of another amount), and a fresh key could do it twice.
 */
function isReplayedFailure(error: unknown): boolean {
  if (error instanceof Stripe.errors.StripeIdempotencyError) return false;
  if (!(error instanceof Stripe.errors.StripeError)) return false;
  const headers = error.headers as Record<string, string | undefined> | undefined;
  return headers?.["idempotent-replayed"] === "true";
}

/** Every Stripe failure leaves this module as an ApiError: the one mapping of Stripe's errors. */
export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  if (isOutage(error)) {
    return new ApiError("stripe_unavailable", "Payments are temporarily unavailable. Please try again in a minute.");
  }
  if (error instanceof Stripe.errors.StripeAuthenticationError || error instanceof Stripe.errors.StripePermissionError) {
    logger().error({ err: error }, "stripe: the API key was refused");
    return new ApiError("stripe_not_configured", "Payments are not set up correctly. Please try again later.");
  }
  if (error instanceof Stripe.errors.StripeInvalidRequestError && error.code === "stripe_tax_inactive") {
    logger().error({ err: error }, "stripe: STRIPE_AUTOMATIC_TAX=1 but Stripe Tax is not activated on the account");
    return new ApiError("stripe_not_configured", "Payments are not set up correctly. Please try again later.");
  }
  if (error instanceof Stripe.errors.StripeCardError) {
    return new ApiError("payment_declined", error.message || "Your card was declined.");
  }
  if (error instanceof Stripe.errors.StripeError && error.code && error.code in stripeCodeToApiCode) {
    return new ApiError(stripeCodeToApiCode[error.code as keyof typeof stripeCodeToApiCode], error.message);
  }
  logger().error({ err: error }, "stripe: unexpected error");
  return new ApiError("stripe_unavailable", "Payments could not be completed right now. Please try again in a minute.");
}

// Every call is counted and timed in the metrics under the endpoint it reached, which the SDK
// tells its listeners as it sends the request; the call's own async context says whose it is.
interface CallInFlight {
  operation?: string;
}
const inFlight = new AsyncLocalStorage<CallInFlight>();
const watchedClients = new WeakSet<Stripe>();

/** An endpoint with its ids and query taken out: GET /v1/checkout/sessions/cs_test_a1… is GET /v1/checkout/sessions/{id}. */
function operationOf(method: string, path: string): string {
  const segments = path.split("?")[0]?.split("/").filter(Boolean) ?? [];
  // Stripe's nouns and verbs are lowercase words after the version; its ids carry random mixed-case letters and digits.
  return `${method} /${segments.map((segment) => (/^(?:v\d+|[a-z]+(?:_[a-z]+)*)$/.test(segment) ? segment : "{id}")).join("/")}`;
}

function noteOperation(event: { method?: string; path?: string }): void {
  const call = inFlight.getStore();
  if (call && call.operation === undefined && event.method && event.path) call.operation = operationOf(event.method, event.path);
}

function watchStripe(): void {
  let client: Stripe;
  try {
    client = stripe();
  } catch {
    return; // not configured: the call itself says so
  }
  if (watchedClients.has(client)) return;
  watchedClients.add(client);
  client.on("request", noteOperation);
}

function outcomeOf(error: unknown): StripeOutcome {
  if (isMissing(error)) return "missing";
  if (isReplayedFailure(error)) return "replayed_failure";
  if (isOutage(error)) return "unavailable";
  if (error instanceof Stripe.errors.StripeAuthenticationError || error instanceof Stripe.errors.StripePermissionError) return "unauthorized";
  if (error instanceof Stripe.errors.StripeCardError) return "declined";
  return error instanceof Stripe.errors.StripeError ? "invalid" : "unknown";
}

/** `request`, counted and timed; a call that never reached Stripe (not configured) is not counted. */
async function recorded<T>(request: () => Promise<T>): Promise<T> {
  watchStripe();
  const call: CallInFlight = {};
  const started = performance.now();
  const record = (outcome: StripeOutcome) => {
    if (call.operation) recordStripeRequest(call.operation, outcome, (performance.now() - started) / 1000);
  };
  try {
    const value = await inFlight.run(call, request);
    record("ok");
    return value;
  } catch (error) {
    record(outcomeOf(error));
    throw error;
  }
}

export async function call<T>(request: () => Promise<T>): Promise<T> {
  try {
    return await recorded(request);
  } catch (error) {
    throw toApiError(error);
  }
}

/** A read that answers null for an object Stripe does not have (deleted, or another account's). */
export async function read<T>(request: () => Promise<T>): Promise<Snapshot<T> | null> {
  const readStartedAt = new Date();
  try {
    const value = await recorded(request);
    return { value, readStartedAt, readFinishedAt: new Date() };
  } catch (error) {
    if (isMissing(error)) return null;
    throw toApiError(error);
  }
}

/**
 * A write under an idempotency key that names one logical attempt, so the SDK's own network
 * retries cannot create two objects. If Stripe replays a stored failure for that key (it keeps
 * them for 24 h), the attempt is over: one fresh key is tried before giving up.
 */
export async function write<T>(key: string, request: (idempotencyKey: string) => Promise<T>): Promise<T> {
  try {
    return await recorded(() => request(key));
  } catch (error) {
    if (!isReplayedFailure(error)) throw toApiError(error);
    return call(() => request(`${key}:retry`));
  }
}

export function expanded<T extends { id: string }>(value: string | T | null | undefined): T | null {
  return value && typeof value === "object" ? value : null;
}

export function idOf(value: string | { id: string } | null | undefined): string | null {
  if (!value) return null;
  return typeof value === "string" ? value : value.id;
}
