import { APIError } from "better-auth/api";
import { ApiError, errorResponse } from "@/lib/http/api-error";
import { WEAK_PASSWORD_CODE } from "@/lib/auth/password-policy";

// better-auth answers its errors as `{message, code}` (and its rate limit with `{message}` and
// X-Retry-After); the rest of the API answers `{error: {code, message, type}}`. This rewrites the
// former into the latter so that a client reads one shape from every /api route.

const ORIGIN_CODES = new Set(["INVALID_ORIGIN", "MISSING_OR_NULL_ORIGIN", "CROSS_SITE_NAVIGATION_LOGIN_BLOCKED"]);

// better-auth's own wording is terse ("Invalid email"); these are shown to buyers as they are.
const MESSAGES: Record<string, string> = {
  INVALID_EMAIL_OR_PASSWORD: "The email or password is incorrect.",
  INVALID_EMAIL: "Enter a valid email address.",
  PASSWORD_TOO_SHORT: "Use at least 8 characters for your password.",
  PASSWORD_TOO_LONG: "Use at most 128 characters for your password.",
  INVALID_PASSWORD: "That is not your current password.",
};

const DEAD_LINK = "This link has expired or has already been used. Ask for a new one.";

// better-auth's codes that have one of our own (the pages show each in the buyer's language).
// A reset link for an account deleted since is as dead as an expired one.
const CODES: Record<string, "wrong_password" | "password_required" | "invalid_token" | "invalid_email" | "same_email"> = {
  INVALID_PASSWORD: "wrong_password",
  PASSWORD_REQUIRED: "password_required",
  INVALID_TOKEN: "invalid_token",
  TOKEN_EXPIRED: "invalid_token",
  USER_NOT_FOUND: "invalid_token",
  INVALID_EMAIL: "invalid_email",
  SAME_EMAIL: "same_email",
};

// Our own refusals from inside better-auth (Stripe unreachable while an account is deleted, a
// checkout under way) would be a 500 there: they travel as better-auth errors carrying our code.
const CARRIED = "STOREFRONT:";
const CARRIED_CODES = new Set(["stripe_unavailable", "stripe_not_configured", "checkout_in_progress"] as const);
type CarriedCode = typeof CARRIED_CODES extends Set<infer Code> ? Code : never;

/** `error` as better-auth passes errors on: an ApiError keeps its status, code and message. */
export function carriedThroughBetterAuth(error: unknown): unknown {
  if (!(error instanceof ApiError)) return error;
  return new APIError("INTERNAL_SERVER_ERROR", { code: `${CARRIED}${error.code}`, message: error.message }, error.headers, error.status);
}

function carriedCode(code: string | undefined): CarriedCode | undefined {
  const ours = code?.startsWith(CARRIED) ? code.slice(CARRIED.length) : undefined;
  return [...CARRIED_CODES].find((known) => known === ours);
}

interface BetterAuthErrorBody {
  message?: unknown;
  code?: unknown;
}

async function readErrorBody(response: Response): Promise<{ message: string | undefined; code: string | undefined }> {
  const body = (await response.json().catch(() => undefined)) as BetterAuthErrorBody | null | undefined;
  const message = typeof body?.message === "string" && body.message ? body.message : undefined;
  const code = typeof body?.code === "string" ? body.code : undefined;
  return { message, code };
}

function toApiError(status: number, code: string | undefined, message: string | undefined, retryAfter: string | null): ApiError {
  const text = (code && MESSAGES[code]) ?? message ?? "The request could not be completed.";
  const carried = carriedCode(code);
  if (carried) return new ApiError(carried, text);
  if (status === 429) {
    const seconds = Math.max(1, Number(retryAfter) || 60);
    return new ApiError("rate_limit_exceeded", `Too many attempts. Try again in ${seconds} s.`, { "Retry-After": String(seconds) });
  }
  if (code === WEAK_PASSWORD_CODE) return new ApiError("password_too_weak", text);
  // better-auth's body check names the field only in its message ("[body.email] Invalid email address").
  if (status === 400 && code === "VALIDATION_ERROR" && /\bemail\b/i.test(message ?? "")) return new ApiError("invalid_email", MESSAGES.INVALID_EMAIL ?? text);
  const ours = status === 400 && code ? CODES[code] : undefined;
  if (ours) return new ApiError(ours, ours === "invalid_token" ? DEAD_LINK : text);
  if (status === 401) return new ApiError("unauthenticated", text);
  if (status === 403) return ORIGIN_CODES.has(code ?? "") ? new ApiError("cross_origin_request", text) : new ApiError("forbidden", text);
  if (status === 404) return new ApiError("not_found", message ?? "There is no such auth endpoint.");
  if (status === 405) return new ApiError("method_not_allowed", text);
  if (status === 413) return new ApiError("payload_too_large", text);
  if (status === 415) return new ApiError("unsupported_media_type", text);
  if (status >= 500) return new ApiError("internal_error", "Something went wrong on our side. Please try again.");
  return new ApiError("invalid_request", text);
}

/** better-auth's response as it is when it succeeded, else its error in the API's error shape. */
export async function inApiErrorShape(response: Response): Promise<Response> {
  if (response.status < 400) return response;
  const { message, code } = await readErrorBody(response);
  const shaped = errorResponse(toApiError(response.status, code, message, response.headers.get("x-retry-after")));
  // An error can still end a session (an expired one is cleared): its cookies go out unchanged.
  for (const cookie of response.headers.getSetCookie()) shaped.headers.append("set-cookie", cookie);
  return shaped;
}
