import { RateLimiterMemory, RateLimiterRes } from "rate-limiter-flexible";
import { ApiError } from "@/lib/errors";

// 100 requests per minute per client IP on the public API (the API contract). Counted in this
// process's memory: enough for one server; several instances would move this to
// rate-limiter-flexible's Redis or PostgreSQL store.
const REQUESTS_PER_MINUTE = 100;

const limiter = new RateLimiterMemory({ points: REQUESTS_PER_MINUTE, duration: 60 });

/** The client's address as the nearest proxy reports it; deployments must sit behind one that sets it. */
function clientIp(request: Request): string {
  const forwarded = request.headers.get("x-forwarded-for")?.split(",")[0]?.trim();
  return forwarded || request.headers.get("x-real-ip") || "unknown";
}

export async function enforceRateLimit(request: Request): Promise<void> {
  try {
    await limiter.consume(clientIp(request));
  } catch (rejection) {
    if (!(rejection instanceof RateLimiterRes)) throw rejection;
    const retryAfter = Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
    throw new ApiError(
      "rate_limit_exceeded",
      `Too many requests: at most ${REQUESTS_PER_MINUTE} a minute. Try again in ${retryAfter} s.`,
      { "Retry-After": String(retryAfter) },
    );
  }
}
