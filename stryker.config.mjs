// Mutation testing of the money modules: `npm run mutate` (docs/mutation.md). Not part of npm test:
// a full run takes hours on two shared cores; an incremental one re-tests only what changed.

/** @type {import("@stryker-mutator/api/core").PartialStrykerOptions} */
const config = {
  testRunner: "vitest",
  // vitest.config.ts with only its app project (vitest.mutation.config.ts says why not testFiles);
  // related: each mutant's run starts from the test files that import its module.
  vitest: { configFile: "vitest.mutation.config.ts", related: true },
  checkers: ["typescript"],
  tsconfigFile: "tsconfig.json",
  coverageAnalysis: "perTest",

  mutate: [
    // Fulfilment: the only code that moves coins and plans.
    "lib/payments/fulfilment/*.ts",
    "!lib/payments/fulfilment/*.test.ts",
    // Settle (read Stripe, then apply) and the freshness rule.
    "lib/payments/apply-stripe-state.ts",
    "lib/payments/freshness.ts",
    // Exactly-once around the webhook and the checkout start.
    "lib/payments/webhook/event-claims.ts",
    "lib/payments/checkout/checkout-lease.ts",
    // The gateway: its one mapping of Stripe's errors and its reads and writes (calls.ts), and
    // each line elsewhere that names a write's idempotency key. Line ranges: move them with those
    // lines when the files change (docs/mutation.md).
    "lib/stripe-gateway/calls.ts",
    "lib/stripe-gateway/checkout-sessions.ts:85-85",
    "lib/stripe-gateway/checkout-sessions.ts:95-95",
    "lib/stripe-gateway/billing.ts:113-113",
    "lib/stripe-gateway/billing.ts:176-176",
    "lib/stripe-gateway/charges-and-disputes.ts:43-43",
    "lib/stripe-gateway/period-payments.ts:61-61",
    "lib/stripe-gateway/prices.ts:19-19",
    "lib/stripe-gateway/prices.ts:23-23",
    "lib/stripe-gateway/promotions.ts:12-12",
    "lib/stripe-gateway/promotions.ts:22-22",
    "lib/stripe-gateway/schedules.ts:23-23",
    "lib/stripe-gateway/schedules.ts:25-25",
    // The status route.
    "app/api/check-payment-status/[[]sessionId]/route.ts",
    "lib/payments/status/status-for-buyer.ts",
  ],
  // The PGlite data folder and test output are not code; copying them only slows the sandbox. An
  // editor's half-written *.tmp may vanish while the project is being copied.
  ignorePatterns: ["/.data", "/test-results", "/playwright-report", "/coverage", "/reports", "packages/*/node_modules", "*.tmp"],

  incremental: true,
  incrementalFile: "stryker-incremental.json",
  reporters: ["clear-text", "progress", "html", "json"],
  htmlReporter: { fileName: "reports/mutation/index.html" },
  jsonReporter: { fileName: "reports/mutation/mutation.json" },
  clearTextReporter: { allowEmojis: false, logTests: false, reportMutants: true, reportScoreTable: true },

  // Two cores shared with other work: one checker and one test runner, then two runners once
  // every mutant is type-checked.
  concurrency: 1,
  // Each test file copies a migrated database and many start an in-process Stripe sandbox, so a
  // mutant's run costs seconds before its first assertion; a loop made endless still ends.
  timeoutMS: 30_000,
  timeoutFactor: 2,
  dryRunTimeoutMinutes: 30,
  thresholds: { high: 95, low: 90, break: 90 },
};

export default config;
