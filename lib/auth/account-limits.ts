import { createHash } from "node:crypto";
import { APIError } from "better-auth/api";
import { RateLimiterRes } from "rate-limiter-flexible";
import { retryAfterSeconds, sharedLimiter } from "@/lib/http/rate-limit";

// How often the account endpoints may be used, counted two ways at once. Per client address
// (better-auth's own limiter, rules below): generous, because a university, an office or a mobile
// carrier puts many real people behind one address. Per email address (here): tight, because each
// of these requests sends mail to that address, and nobody needs more than a few such mails an
// hour. Together they bound abuse: one address cannot sign up more than a few dozen accounts a
// minute, and no mailbox can be flooded from any number of addresses. The per-email count is kept
// whether or not the address has an account, so a refusal tells nothing about it.

/** better-auth's per-address rules (window in seconds), handed to its rateLimit.customRules. */
export const PER_ADDRESS_RULES = {
  "/sign-in/email": { window: 60, max: 10 },
  "/sign-up/email": { window: 60, max: 30 },
  "/request-password-reset": { window: 60, max: 10 },
  "/send-verification-email": { window: 60, max: 10 },
  "/change-email": { window: 60, max: 10 },
  // Each of these checks a password: a stolen session must not become a password guesser.
  "/change-password": { window: 60, max: 10 },
  "/delete-user": { window: 60, max: 10 },
} as const;

/** Mails a purpose may send to one email address an hour, from anywhere. */
export const MAILS_PER_EMAIL_PER_HOUR = 3;

const perEmail = {
  "/sign-up/email": sharedLimiter({ name: "sign-up-email", points: MAILS_PER_EMAIL_PER_HOUR, durationSeconds: 3600 }),
  "/request-password-reset": sharedLimiter({ name: "reset-email", points: MAILS_PER_EMAIL_PER_HOUR, durationSeconds: 3600 }),
  "/send-verification-email": sharedLimiter({ name: "verification-email", points: MAILS_PER_EMAIL_PER_HOUR, durationSeconds: 3600 }),
  "/change-email": sharedLimiter({ name: "change-email", points: MAILS_PER_EMAIL_PER_HOUR, durationSeconds: 3600 }),
};

export type MailingPath = keyof typeof perEmail;

export function isMailingPath(path: string): path is MailingPath {
  return path in perEmail;
}

/** Hashed, so that the counter store holds no email addresses; however the address is capitalised. */
function emailKey(email: string): string {
  return createHash("sha256").update(email.trim().toLowerCase()).digest("base64url");
}

/** Counts one request that mails `email`; a better-auth 429 (with X-Retry-After) once the hour's allowance is spent. */
export async function countMailTo(path: MailingPath, email: string): Promise<void> {
  try {
    await perEmail[path]().consume(emailKey(email));
  } catch (rejection) {
    if (!(rejection instanceof RateLimiterRes)) throw rejection;
    throw new APIError(
      "TOO_MANY_REQUESTS",
      { message: "Too many emails to this address. Try again later.", code: "EMAIL_RATE_LIMITED" },
      { "X-Retry-After": String(retryAfterSeconds(rejection)) },
    );
  }
}
