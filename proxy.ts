import { NextResponse, type NextRequest } from "next/server";
import { stripeJsSources } from "@/lib/stripe-gateway/stripe-js";

// Pages get a Content-Security-Policy with a fresh nonce per request. Next reads the nonce from
// the request's Content-Security-Policy header and puts it on its own scripts, so only scripts
// this server rendered (and the chunks they load, via 'strict-dynamic') can run. The headers that
// never change, and the /api policy, are in next.config.ts.

function newNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes));
}

function contentSecurityPolicy(nonce: string, development: boolean, websocketOrigin: string): string {
  // Embedded Checkout's Stripe.js and its frames (lib/stripe-gateway/stripe-js.ts); none when Checkout is not embedded.
  const stripe = stripeJsSources();
  const also = (sources: string[]) => sources.map((source) => ` ${source}`).join("");
  return [
    "default-src 'self'",
    // Browsers that know 'strict-dynamic' ignore 'self'; it is the fallback for those that do not.
    // React needs eval only in development, to rebuild server error stacks.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${development ? " 'unsafe-eval'" : ""}${also(stripe.script)}`,
    // In production every style comes from stylesheet files: no page renders a style attribute, and
    // styles set from script (React, Next's route announcer) are not governed by CSP. Next's dev
    // tools inject <style> elements without the nonce, so development needs 'unsafe-inline'.
    `style-src 'self' ${development ? "'unsafe-inline'" : `'nonce-${nonce}'`}`,
    // data: for small images inlined by CSS.
    `img-src 'self' data:${also(stripe.img)}`,
    // Hot reloading talks over a WebSocket, which some browsers do not count as 'self'.
    `connect-src 'self'${development ? ` ${websocketOrigin}` : ""}${also(stripe.connect)}`,
    `frame-src 'self'${also(stripe.frame)}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

export function proxy(request: NextRequest): NextResponse {
  // The Host header, not nextUrl: in development nextUrl names "localhost" whatever the browser used.
  const websocketOrigin = `${request.nextUrl.protocol === "https:" ? "wss:" : "ws:"}//${request.headers.get("host") ?? request.nextUrl.host}`;
  const policy = contentSecurityPolicy(newNonce(), process.env.NODE_ENV === "development", websocketOrigin);
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("content-security-policy", policy);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("content-security-policy", policy);
  return response;
}

export const config = {
  // Not /api: those answers are JSON with their own policy, and a proxy in front of a route
  // handler would clone and buffer its request body. Not /_next/ (build files, the dev server's
  // hot-reload socket) or the icon: none of them is a page.
  matcher: ["/((?!api(?:/|$)|_next/|icon\\.svg$).*)"],
};
