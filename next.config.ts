import type { NextConfig } from "next";
import createNextIntlPlugin from "next-intl/plugin";

// Sent with every response. Pages also get a nonce-based Content-Security-Policy from proxy.ts.
const everyResponse = [
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  { key: "X-Content-Type-Options", value: "nosniff" },
  // The storefront uses none of these; denying them means an injected script cannot either.
  {
    key: "Permissions-Policy",
    value: "accelerometer=(), camera=(), display-capture=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), midi=(), payment=(), usb=()",
  },
  // Only in production: a developer's plain-http localhost must not be pinned to https.
  ...(process.env.NODE_ENV === "production" ? [{ key: "Strict-Transport-Security", value: "max-age=63072000; includeSubDomains" }] : []),
];

// API answers are data, never documents: nothing in them may load or run, and no cache may keep
// one buyer's answer for another.
const apiResponses = [
  { key: "Content-Security-Policy", value: "default-src 'none'; frame-ancestors 'none'" },
  { key: "Cache-Control", value: "no-store" },
];

const nextConfig: NextConfig = {
  // The embedded database and the Stripe SDK are Node-only; keep them out of the bundle.
  serverExternalPackages: ["@electric-sql/pglite", "pg"],
  poweredByHeader: false,
  // `npm run bench` (STOREFRONT_BENCH=1) adds its floor route and page (app/bench-floor*/,
  // *.bench.ts[x]) and builds into .data/ so it never clobbers the app's .next; every other build
  // sees only .ts/.tsx files named page/route, so the floor is never shipped.
  pageExtensions: ["tsx", "ts", ...(process.env.STOREFRONT_BENCH === "1" ? ["bench.tsx", "bench.ts"] : [])],
  ...(process.env.STOREFRONT_BENCH === "1" ? { distDir: ".data/bench-next" } : {}),
  // `npm test` type-checks every file (`npm run check`) before it builds: the build's own check of
  // the same files would add half a minute.
  ...(process.env.STOREFRONT_TYPECHECKED === "1" ? { typescript: { ignoreBuildErrors: true } } : {}),
  // A CI machine builds once from a clean clone: a build cache written there is never read.
  ...(process.env.CI === "true" ? { experimental: { turbopackFileSystemCacheForBuild: false } } : {}),
  async headers() {
    return [
      { source: "/:path*", headers: everyResponse },
      { source: "/api/:path*", headers: apiResponses },
    ];
  },
};

// next-intl reads the buyer's language and messages for each request from lib/i18n/request.ts.
export default createNextIntlPlugin("./lib/i18n/request.ts")(nextConfig);
