import { env } from "@/lib/config/env";
import { ApiError, errorResponse } from "@/lib/http/api-error";
import { enforceRateLimit } from "@/lib/http/rate-limit";
import { logger } from "@/lib/observability/logger";
import { recordHttpRequest } from "@/lib/observability/metrics";
import { incomingRequestId, withRequestId } from "@/lib/observability/request-id";
import { routeLabeller } from "@/lib/observability/route-template";
import { uncommonMethodOf } from "@/lib/http/uncommon-method";

/**
 * `withinLimit` settles once the client has been counted against the API's rate limit: resolved
 * if it is within it, rejected with the 429 otherwise. Only a route that counts "alongside" needs
 * to wait for it (before it calls Stripe); for the others it has already resolved.
 */
type Handler<C> = (request: Request, context: C, withinLimit: Promise<void>) => Promise<Response>;
type NextHandler<C> = (request: Request, context: C) => Promise<Response>;

const METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] as const;
type Method = (typeof METHODS)[number];

const STATE_CHANGING: ReadonlySet<string> = new Set(["POST", "PUT", "PATCH", "DELETE"]);

interface RouteOptions {
  /**
   * Called by other servers (Stripe, a cron service), never by a page: no browser's cookies ride
   * along, so there is no cross-site request to refuse.
   */
  serverToServer?: boolean;
  /**
   * The API contract's limit, 100 requests a minute per client address, shared by every instance:
   * - "before" (the default): counted before the handler runs, so a client over the limit costs
   *   nothing else;
   * - "alongside": counted while the handler starts (one round trip instead of two for a cheap
   *   read); the handler awaits `withinLimit` before anything costly, and a client over the limit
   *   hears 429 whatever else the handler found;
   * - "none": not counted, for callers the contract does not limit; say why where it is used.
   */
  rateLimit?: "before" | "alongside" | "none";
  /**
   * Polled by machines every few seconds (health probes, the metrics scrape): a request line is
   * logged at debug rather than info, and a 503 is the answer they exist to give (not ready, not
   * configured), so it is a warning rather than an error.
   */
  probe?: boolean;
}

/** The origin buyers come back to after Checkout: APP_URL when set, else the one they used. */
export function publicOrigin(request: Request): string {
  return env().APP_URL?.replace(/\/$/, "") ?? new URL(request.url).origin;
}

/**
 * A browser tells us where a request comes from (Sec-Fetch-Site, or Origin in older browsers);
 * a state-changing request from another site rides on the buyer's cookies, so it is refused.
 * Clients that send neither header are not browsers, and carry no one else's cookies.
 */
function refuseCrossSite(request: Request): void {
  const fetchSite = request.headers.get("sec-fetch-site");
  if (fetchSite) {
    if (fetchSite === "same-origin" || fetchSite === "none") return;
    throw new ApiError("cross_origin_request", "Requests from other sites are not accepted.");
  }
  const origin = request.headers.get("origin");
  if (origin === null) return;
  if (origin === publicOrigin(request) || origin === new URL(request.url).origin) return;
  throw new ApiError("cross_origin_request", "Requests from other sites are not accepted.");
}

const counted: Promise<void> = Promise.resolve();

async function limited<C>(request: Request, context: C, handler: Handler<C>, rateLimit: RouteOptions["rateLimit"]): Promise<Response> {
  if (rateLimit === "none") return handler(request, context, counted);
  if (rateLimit !== "alongside") {
    await enforceRateLimit(request);
    return handler(request, context, counted);
  }
  const withinLimit = enforceRateLimit(request);
  const [limit, answer] = await Promise.allSettled([withinLimit, handler(request, context, withinLimit)]);
  if (limit.status === "rejected") throw limit.reason;
  if (answer.status === "rejected") throw answer.reason;
  return answer.value;
}

function guarded<C>(method: string, handler: Handler<C>, options: RouteOptions): NextHandler<C> {
  return async (request, context) => {
    if (STATE_CHANGING.has(method) && !options.serverToServer) refuseCrossSite(request);
    return limited(request, context, handler, options.rateLimit);
  };
}

/**
 * The answer with X-Request-Id, kept out of every cache: API answers (errors, 204s and redirects
 * included) are about one buyer or one moment. An answer whose headers are frozen is copied.
 */
function stamped(response: Response, requestId: string): Response {
  const stamp = (headers: Headers) => {
    headers.set("x-request-id", requestId);
    if (!headers.has("cache-control")) headers.set("cache-control", "no-store");
  };
  try {
    stamp(response.headers);
    return response;
  } catch {
    const copy = new Response(response.body, response);
    stamp(copy.headers);
    return copy;
  }
}

function levelOf(status: number, probe: boolean): "debug" | "info" | "warn" | "error" {
  if (status >= 500) return probe && status === 503 ? "warn" : "error";
  return probe ? "debug" : "info";
}

/**
 * Every API request runs under its request id, is counted and timed by route template, and is
 * logged in one line; and every API route answers errors in one shape: this is the one place
 * that catches them.
 */
function observed<C>(run: NextHandler<C>, options: RouteOptions, routeOf: ReturnType<typeof routeLabeller>): NextHandler<C> {
  return async (request, context) => {
    const started = performance.now();
    const requestId = incomingRequestId(request);
    return withRequestId(requestId, async () => {
      let response: Response;
      let failure: unknown;
      try {
        response = await run(request, context);
      } catch (error) {
        failure = error;
        response = errorResponse(error);
      }
      const seconds = (performance.now() - started) / 1000;
      const route = await routeOf(request, context);
      const method = uncommonMethodOf(request) ?? request.method;
      const { status } = response;
      recordHttpRequest(route, method, status, seconds);
      const unexpected = failure !== undefined && !(failure instanceof ApiError) ? { err: failure } : {};
      logger()[levelOf(status, options.probe === true)]({ method, route, status, durationMs: Math.round(seconds * 10_000) / 10, ...unexpected }, "api request");
      return stamped(response, requestId);
    });
  };
}

/**
 * A route's exports for every HTTP method: the ones it handles, guarded, and a 405 in the API's
 * error shape (with Allow) for the rest, where Next would answer an empty body, the methods Next
 * has no export for included (lib/http/uncommon-method.ts).
 * Use as `export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = apiRoute({ POST: … })`.
 */
export function apiRoute<C = unknown>(handlers: Partial<Record<"GET" | "POST", Handler<C>>>, options: RouteOptions = {}): Record<Method, NextHandler<C>> {
  const allowed = (Object.keys(handlers) as ("GET" | "POST")[]).flatMap((method) => (method === "GET" ? ["GET", "HEAD"] : [method]));
  const allow = [...allowed, "OPTIONS"].join(", ");
  const notAllowed = (method: string): ApiError => new ApiError("method_not_allowed", `${method} is not allowed here; use ${allowed.join(" or ")}.`, { Allow: allow });
  const refuse: NextHandler<C> = async (request) => {
    throw notAllowed(request.method);
  };
  const routes = Object.fromEntries(METHODS.map((method) => [method, refuse])) as Record<Method, NextHandler<C>>;
  for (const [method, handler] of Object.entries(handlers) as ["GET" | "POST", Handler<C>][]) {
    routes[method] = guarded(method, handler, options);
  }
  if (handlers.GET) routes.HEAD = routes.GET;
  // The front door sends a method Next has no slot for (PROPFIND, QUERY, TRACE…) as an OPTIONS naming it.
  routes.OPTIONS = async (request) => {
    const uncommon = uncommonMethodOf(request);
    if (uncommon) throw notAllowed(uncommon);
    return new Response(null, { status: 204, headers: { Allow: allow } });
  };
  const routeOf = routeLabeller();
  return Object.fromEntries(METHODS.map((method) => [method, observed(routes[method], options, routeOf)])) as Record<Method, NextHandler<C>>;
}
