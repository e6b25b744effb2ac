import { createHash } from "node:crypto";
import { RateLimiterRes } from "rate-limiter-flexible";
import { clientKey } from "@/lib/http/client-address";
import { ApiError } from "@/lib/http/api-error";
import { retryAfterSeconds, sharedLimiter } from "@/lib/http/rate-limit";

// Guessing one account's password. better-auth's per-IP limit bounds how fast one network signs
// in at all (spraying many accounts); this bounds how many wrong passwords one network may try
// on one account. The count is per (account, client), never per account alone: a lock anyone
// could trigger from their own network would let an attacker lock a buyer out of their account.
// An attacker with many networks gets FAILURES_BEFORE_LOCK guesses per network per window.
//
// Each attempt takes its place in the count (one upsert, shared by every instance) before the
// password is checked. Checking the count and adding a failure afterwards let every guess already
// in flight through: a burst of simultaneous guesses was all checked before any was counted.

export const FAILURES_BEFORE_LOCK = 5;
const FAILURE_WINDOW_SECONDS = 15 * 60;
export const LOCK_SECONDS = 15 * 60;
// A place is given back only while its window still runs, with room for clocks that differ
// between instances: given back into a window begun since, it would be a guess the new one never took.
const REFUND_MARGIN_MS = 5_000;

const failures = sharedLimiter({ name: "sign-in-failures", points: FAILURES_BEFORE_LOCK, durationSeconds: FAILURE_WINDOW_SECONDS });

// Hashed so that the shared counter store holds no email addresses.
function lockKey(email: string, headers: Headers): string {
  const account = createHash("sha256").update(email.trim().toLowerCase()).digest("base64url");
  return `${account}|${clientKey(headers)}`;
}

function lockedOut(rejection: RateLimiterRes): ApiError {
  const retryAfter = retryAfterSeconds(rejection);
  return new ApiError(
    "rate_limit_exceeded",
    `Too many failed sign-ins for this account from your network. Try again in ${Math.ceil(retryAfter / 60)} min, or from another device.`,
    { "Retry-After": String(retryAfter) },
  );
}

/** This attempt's place among the failures allowed, or ApiError 429 when none is left. */
async function takePlace(key: string): Promise<RateLimiterRes> {
  try {
    return await failures().consume(key);
  } catch (rejection) {
    if (rejection instanceof RateLimiterRes) throw lockedOut(rejection);
    throw rejection;
  }
}

async function givePlaceBack(key: string, place: RateLimiterRes, takenAt: number): Promise<void> {
  if (Date.now() < takenAt + place.msBeforeNext - REFUND_MARGIN_MS) await failures().reward(key);
}

/**
 * Runs one sign-in attempt for `email` unless this client is locked out of that account (then
 * ApiError 429 with Retry-After, whatever the password). The attempt counts as a failure from the
 * moment it starts, so that attempts in flight at once are counted too: a refused password keeps
 * its place (the last one allowed locks the pair for LOCK_SECONDS), a success clears this client's
 * count, and an answer that checked no password (malformed, better-auth's per-IP limit) gives its
 * place back.
 */
export async function withSignInLockout(email: string, headers: Headers, attempt: () => Promise<Response>): Promise<Response> {
  const key = lockKey(email, headers);
  const takenAt = Date.now();
  const place = await takePlace(key);
  let response: Response;
  try {
    response = await attempt();
  } catch (error) {
    await givePlaceBack(key, place, takenAt);
    throw error;
  }
  if (response.status === 401) {
    if (place.remainingPoints === 0) await failures().block(key, LOCK_SECONDS);
  } else if (response.ok) await failures().delete(key);
  else await givePlaceBack(key, place, takenAt);
  return response;
}
