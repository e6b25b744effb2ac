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

export const FAILURES_BEFORE_LOCK = 5;
const FAILURE_WINDOW_SECONDS = 15 * 60;
export const LOCK_SECONDS = 15 * 60;

const failures = sharedLimiter({ name: "sign-in-failures", points: FAILURES_BEFORE_LOCK, durationSeconds: FAILURE_WINDOW_SECONDS });

// Hashed so that the shared counter store holds no email addresses.
function lockKey(email: string, headers: Headers): string {
  const account = createHash("sha256").update(email.trim().toLowerCase()).digest("base64url");
  return `${account}|${clientKey(headers)}`;
}

async function refuseWhileLocked(key: string): Promise<void> {
  const state = await failures().get(key);
  if (!state || state.consumedPoints < FAILURES_BEFORE_LOCK) return;
  const retryAfter = retryAfterSeconds(state);
  throw new ApiError(
    "rate_limit_exceeded",
    `Too many failed sign-ins for this account from your network. Try again in ${Math.ceil(retryAfter / 60)} min, or from another device.`,
    { "Retry-After": String(retryAfter) },
  );
}

async function countFailure(key: string): Promise<void> {
  try {
    const state = await failures().consume(key);
    if (state.remainingPoints === 0) await failures().block(key, LOCK_SECONDS);
  } catch (rejection) {
    // Concurrent failures past the limit: the key is locked already.
    if (!(rejection instanceof RateLimiterRes)) throw rejection;
  }
}

/**
 * Runs one sign-in attempt for `email` unless this client is locked out of that account (then
 * ApiError 429 with Retry-After, whatever the password). A refused password counts towards the
 * lock; a success clears this client's count.
 */
export async function withSignInLockout(email: string, headers: Headers, attempt: () => Promise<Response>): Promise<Response> {
  const key = lockKey(email, headers);
  await refuseWhileLocked(key);
  const response = await attempt();
  if (response.status === 401) await countFailure(key);
  else if (response.ok) await failures().delete(key);
  return response;
}
