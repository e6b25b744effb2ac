// The one error type of the public API and its one mapping to the wire shape
// `{error: {code, message, type}}`. Anything else thrown becomes an opaque 500 with a log line.

import type { z } from "zod/mini";
import type { apiErrorBody } from "@/lib/api-contract/api-error-body";

type ErrorCode =
  | "invalid_request"
  | "invalid_price_id"
  | "price_not_found"
  | "currency_not_supported"
  | "checkout_ui_unavailable"
  | "amount_too_small"
  | "amount_too_large"
  | "plan_already_active"
  | "checkout_in_progress"
  | "insufficient_balance"
  | "payment_declined"
  | "no_subscription"
  | "plan_unchanged"
  | "idempotency_key_reused"
  | "rate_limit_exceeded"
  | "payload_too_large"
  | "unsupported_media_type"
  | "method_not_allowed"
  | "cross_origin_request"
  | "unauthenticated"
  | "not_found"
  | "stripe_not_configured"
  | "cron_not_configured"
  | "metrics_not_configured"
  | "stripe_unavailable"
  | "event_in_progress"
  | "invalid_signature"
  | "internal_error"
  | "password_too_weak"
  | "wrong_password"
  | "password_required"
  | "invalid_token"
  | "invalid_email"
  | "same_email"
  | "forbidden";

type ErrorType = "invalid_request_error" | "authentication_error" | "rate_limit_error" | "api_error";

const catalogue: Record<ErrorCode, { status: number; type: ErrorType }> = {
  invalid_request: { status: 400, type: "invalid_request_error" },
  invalid_price_id: { status: 400, type: "invalid_request_error" },
  price_not_found: { status: 404, type: "invalid_request_error" },
  currency_not_supported: { status: 400, type: "invalid_request_error" },
  checkout_ui_unavailable: { status: 400, type: "invalid_request_error" },
  amount_too_small: { status: 400, type: "invalid_request_error" },
  amount_too_large: { status: 400, type: "invalid_request_error" },
  plan_already_active: { status: 409, type: "invalid_request_error" },
  checkout_in_progress: { status: 409, type: "invalid_request_error" },
  insufficient_balance: { status: 402, type: "invalid_request_error" },
  payment_declined: { status: 402, type: "invalid_request_error" },
  no_subscription: { status: 409, type: "invalid_request_error" },
  plan_unchanged: { status: 409, type: "invalid_request_error" },
  idempotency_key_reused: { status: 409, type: "invalid_request_error" },
  rate_limit_exceeded: { status: 429, type: "rate_limit_error" },
  payload_too_large: { status: 413, type: "invalid_request_error" },
  unsupported_media_type: { status: 415, type: "invalid_request_error" },
  method_not_allowed: { status: 405, type: "invalid_request_error" },
  cross_origin_request: { status: 403, type: "invalid_request_error" },
  unauthenticated: { status: 401, type: "authentication_error" },
  not_found: { status: 404, type: "invalid_request_error" },
  stripe_not_configured: { status: 503, type: "api_error" },
  cron_not_configured: { status: 503, type: "api_error" },
  metrics_not_configured: { status: 503, type: "api_error" },
  stripe_unavailable: { status: 503, type: "api_error" },
  event_in_progress: { status: 503, type: "api_error" },
  invalid_signature: { status: 400, type: "invalid_request_error" },
  internal_error: { status: 500, type: "api_error" },
  password_too_weak: { status: 400, type: "invalid_request_error" },
  wrong_password: { status: 400, type: "invalid_request_error" },
  password_required: { status: 400, type: "invalid_request_error" },
  invalid_token: { status: 400, type: "invalid_request_error" },
  invalid_email: { status: 400, type: "invalid_request_error" },
  same_email: { status: 400, type: "invalid_request_error" },
  forbidden: { status: 403, type: "invalid_request_error" },
};

export class ApiError extends Error {
  readonly status: number;
  readonly type: ErrorType;

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = "ApiError";
    this.status = catalogue[code].status;
    this.type = catalogue[code].type;
  }
}

/** The wire shape of an error, also for answers written outside a route handler (lib/http/front-door.ts). */
export function errorBody(error: ApiError): string {
  return JSON.stringify({ error: { code: error.code, message: error.message, type: error.type } } satisfies z.infer<typeof apiErrorBody>);
}

/** The answer for an error; one that is not an ApiError becomes a 500 (apiRoute logs its cause). */
export function errorResponse(error: unknown): Response {
  const apiError =
    error instanceof ApiError
      ? error
      : new ApiError("internal_error", "Something went wrong on our side. Please try again.");
  return new Response(errorBody(apiError), { status: apiError.status, headers: { "content-type": "application/json", ...apiError.headers } });
}
