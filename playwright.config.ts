import { defineConfig } from "@playwright/test";
import { appPort, sandboxPort } from "./e2e/support/ports";

// Runs against the production build (`next build` first) started by the same launcher a newcomer
// uses, so the offline Stripe sandbox and the webhook wiring are the real ones.
// E2E_STRIPE=real runs the tests that need no sandbox controls against real Stripe test mode: set
// STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET (from `npm run stripe:listen -- --forward-to
// 127.0.0.1:3210/api/stripe/webhook`) and run `npm run stripe:setup` once.
const realStripe = process.env.E2E_STRIPE === "real";
const serverUrl = process.env.TEST_DATABASE_URL;
const databaseUrl = serverUrl ? Object.assign(new URL(serverUrl), { pathname: "/storefront_e2e" }).toString() : undefined;

export default defineConfig({
  testDir: "e2e",
  // e2e/chaos and e2e/security hold vitest suites over HTTP (npm run test:system), not browser tests.
  testIgnore: ["chaos/**", "security/**"],
  fullyParallel: false,
  workers: 1,
  retries: 0,
  grepInvert: realStripe ? /@sandbox/ : undefined,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: process.env.CI ? [["list"]] : [["list"], ["html", { open: "never" }]],
  use: {
    baseURL: `http://127.0.0.1:${appPort}`,
    browserName: "chromium",
    headless: true,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
    },
  },
  webServer: {
    command: "npx tsx e2e/prepare-run.ts && npx tsx scripts/run.ts start",
    url: `http://127.0.0.1:${appPort}/`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: "ignore",
    env: {
      PORT: String(appPort),
      SANDBOX_PORT: String(sandboxPort),
      STOREFRONT_DATA_DIR: ".data/e2e",
      BETTER_AUTH_URL: `http://127.0.0.1:${appPort}`,
      APP_URL: `http://127.0.0.1:${appPort}`,
      NEXT_TELEMETRY_DISABLED: "1",
      STOREFRONT_DEMO: "1",
      // The test runner plays the proxy: each test's X-Forwarded-For is its buyer's own network.
      TRUST_PROXY_HOPS: "1",
      // The store owner of the console's tests (e2e/support/operator.ts).
      ADMIN_EMAILS: "owner@store.e2e.example",
      ...(databaseUrl && { DATABASE_URL: databaseUrl }),
    },
  },
});
