import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // The embedded database and the Stripe SDK are Node-only; keep them out of the bundle.
  serverExternalPackages: ["@electric-sql/pglite", "pg"],
  poweredByHeader: false,
};

export default nextConfig;
