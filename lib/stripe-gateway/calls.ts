import Stripe from "stripe";
import { ApiError } from "@/lib/http/api-error";

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
    console.error("stripe: the API key was refused", error.message);
    return new ApiError("stripe_not_configured", "Payments are not set up correctly. Please try again later.");
  }
  if (error instanceof Stripe.errors.StripeCardError) {
    return new ApiError("payment_declined", error.message || "Your card was declined.");
  }
  if (error instanceof Stripe.errors.StripeError && error.code && error.code in stripeCodeToApiCode) {
    return new ApiError(stripeCodeToApiCode[error.code as keyof typeof stripeCodeToApiCode], error.message);
  }
  console.error("stripe: unexpected error", error);
  return new ApiError("stripe_unavailable", "Payments could not be completed right now. Please try again in a minute.");
}

export async function call<T>(request: () => Promise<T>): Promise<T> {
  try {
    return await request();
  } catch (error) {
    throw toApiError(error);
  }
}

/** A read that answers null for an object Stripe does not have (deleted, or another account's). */
export async function read<T>(request: () => Promise<T>): Promise<Snapshot<T> | null> {
  const readStartedAt = new Date();
  try {
    const value = await request();
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
    return await request(key);
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
