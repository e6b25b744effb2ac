import { Redis } from "ioredis";
import { RateLimiterPostgres, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import { clientKey } from "@/lib/http/client-address";
import { databasePool } from "@/lib/db";
import { env } from "@/lib/config/env";
import { ApiError } from "@/lib/http/api-error";
import { recordRateLimited } from "@/lib/observability/metrics";

// Limits shared by every app instance: counted in Redis when REDIS_URL is set, else in the
// database (one upsert statement per hit, so two instances count exactly as one). Built on first use:
// `next build` imports the routes with no database.

interface LimitRule {
  /** Names the counter; keys of different rules never meet. */
  name: string;
  points: number;
  durationSeconds: number;
  /** Once the points are used up, refuse for this long instead of until the window ends. */
  blockSeconds?: number;
}

const globalForRedis = globalThis as unknown as { rateLimitRedis?: Redis };

export function sharedLimiter(rule: LimitRule): () => RateLimiterAbstract {
  let limiter: RateLimiterAbstract | undefined;
  return () => {
    if (limiter) return limiter;
    const options = { keyPrefix: rule.name, points: rule.points, duration: rule.durationSeconds, blockDuration: rule.blockSeconds ?? 0 };
    const redisUrl = env().REDIS_URL;
    if (redisUrl) {
      globalForRedis.rateLimitRedis ??= new Redis(redisUrl, { maxRetriesPerRequest: 1 });
      limiter = new RateLimiterRedis({ ...options, storeClient: globalForRedis.rateLimitRedis });
    } else {
      // The table comes from our migrations (tableCreated), so the limiter never issues DDL.
      limiter = new RateLimiterPostgres({ ...options, storeClient: databasePool(), tableName: "rate_limit_counter", tableCreated: true });
    }
    return limiter;
  };
}

/** Whole seconds until a refused client may try again (at least 1). */
export function retryAfterSeconds(rejection: RateLimiterRes): number {
  return Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
}

// 100 requests per minute per client IP on the public API (the API contract).
const REQUESTS_PER_MINUTE = 100;
const apiLimiter = sharedLimiter({ name: "api", points: REQUESTS_PER_MINUTE, durationSeconds: 60 });

/** The refusal for a client over the API limit (this request counted), or null when it is within. */
async function apiRejection(headers: Headers): Promise<RateLimiterRes | null> {
  try {
    await apiLimiter().consume(clientKey(headers));
    return null;
  } catch (rejection) {
    if (!(rejection instanceof RateLimiterRes)) throw rejection;
    recordRateLimited("api");
    return rejection;
  }
}

export async function enforceRateLimit(request: Request): Promise<void> {
  const rejection = await apiRejection(request.headers);
  if (!rejection) return;
  const retryAfter = retryAfterSeconds(rejection);
  throw new ApiError(
    "rate_limit_exceeded",
    `Too many requests: at most ${REQUESTS_PER_MINUTE} a minute. Try again in ${retryAfter} s.`,
    { "Retry-After": String(retryAfter) },
  );
}

/** Counts a page's call to Stripe against the same limit; false when the client is over it. */
export async function withinRateLimit(headers: Headers): Promise<boolean> {
  return (await apiRejection(headers)) === null;
}
