// `next dev` compiles a route on its first request, which on a small machine takes tens of seconds:
// without this, the buyer's first Buy and first Pay wait for it. The launcher requests each route a
// buyer passes through once the server listens, so the compiling happens while they read the page.

export interface WarmUpRequest {
  method: "GET" | "OPTIONS";
  path: string;
}

/**
 * In the order a buyer reaches them. Pages by GET, signed out: each renders (or redirects to sign-in)
 * without changing anything. API routes by OPTIONS, which loads the route's module, and so compiles
 * it, but runs none of its handlers (lib/http/api-route.ts answers 204).
 */
export const BUYER_ROUTES: readonly WarmUpRequest[] = [
  { method: "GET", path: "/" },
  { method: "OPTIONS", path: "/api/locale" },
  { method: "GET", path: "/sign-in" },
  { method: "GET", path: "/sign-up" },
  { method: "OPTIONS", path: "/api/auth/get-session" },
  { method: "OPTIONS", path: "/api/create-checkout-session" },
  { method: "GET", path: "/success" },
  { method: "OPTIONS", path: "/api/stripe/webhook" },
  { method: "OPTIONS", path: "/api/check-payment-status/cs_warm_up" },
  { method: "GET", path: "/cancel" },
  { method: "GET", path: "/account" },
  { method: "OPTIONS", path: "/api/account" },
  { method: "OPTIONS", path: "/api/plan/preview" },
  { method: "OPTIONS", path: "/api/plan/change" },
  { method: "OPTIONS", path: "/api/billing-portal" },
  { method: "OPTIONS", path: "/api/usage" },
];

/** Long enough for the slowest first compile; a request that takes longer is left to the buyer's. */
const COMPILE_TIMEOUT_MS = 120_000;

/**
 * One request at a time, so each compile gets the whole machine and the first page is ready first.
 * Never throws: a route that fails here fails for the buyer too, and Next prints why.
 */
export async function warmUp(base: string, routes: readonly WarmUpRequest[] = BUYER_ROUTES): Promise<void> {
  for (const { method, path } of routes) {
    await fetch(new URL(path, base), { method, redirect: "manual", signal: AbortSignal.timeout(COMPILE_TIMEOUT_MS) })
      .then((response) => response.arrayBuffer())
      .catch(() => undefined);
  }
}
