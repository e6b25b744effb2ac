import { defineConfig } from "vitest/config";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL(".", import.meta.url));

export default defineConfig({
  resolve: { alias: { "@": root } },
  test: {
    // Vitest's default leaves a core free; these tests spend much of their time waiting on the
    // database and the sandbox, so a worker per core finishes sooner.
    maxWorkers: "100%",
    projects: [
      {
        extends: true,
        test: {
          name: "app",
          include: ["lib/**/*.test.ts", "app/**/*.test.ts", "components/**/*.test.ts", "prisma/**/*.test.ts", "scripts/**/*.test.ts", "test-support/**/*.test.ts", "docs/**/*.test.ts", "ops/**/*.test.ts"],
          setupFiles: ["test-support/fresh-database.ts"],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      // The Stripe sandbox package's own test project (named "sandbox" in its config).
      "packages/stripe-sandbox/vitest.config.ts",
      {
        extends: true,
        test: {
          // Whole systems (database, sandbox, two app servers) as child processes: one test file
          // at a time, so that two cores are not shared by two stacks.
          name: "chaos",
          include: ["e2e/chaos/**/*.test.ts"],
          fileParallelism: false,
          // Projects run side by side unless ordered: the security project's stacks wait for these.
          sequence: { groupOrder: 1 },
          testTimeout: 240_000,
          hookTimeout: 120_000,
        },
      },
      {
        extends: true,
        test: {
          // The built app over raw HTTP as an attacker would use it (e2e/security/*.test.ts).
          name: "security",
          include: ["e2e/security/**/*.test.ts"],
          fileParallelism: false,
          sequence: { groupOrder: 2 },
          testTimeout: 240_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
