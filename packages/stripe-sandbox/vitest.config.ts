import { defineConfig } from "vitest/config";

// The sandbox's own test project. The root config lists this file as its "sandbox" project, so
// `npm run test:unit` at the root runs it; `npm test` here runs it alone.
export default defineConfig({
  test: {
    name: "sandbox",
    include: ["test/**/*.test.ts"],
    testTimeout: 30_000,
  },
});
