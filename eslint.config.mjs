import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

const config = [
  ...nextVitals,
  ...nextTs,
  {
    rules: {
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_" }],
    },
  },
  {
    // The sandbox is a separate program standing in for Stripe; the app must work unchanged
    // against real Stripe, so only tests and their support code may start it in-process.
    // lib/stripe-gateway/ is the one module that calls the Stripe SDK (types are free to use).
    files: ["app/**", "components/**", "lib/**", "prisma/**", "scripts/**"],
    ignores: ["**/*.test.ts", "test-support/**", "lib/stripe-gateway/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: [
            { name: "@/lib/stripe-gateway/client", message: "Call Stripe through lib/stripe-gateway/." },
            { name: "stripe", allowTypeImports: true, message: "Call Stripe through lib/stripe-gateway/." },
          ],
          patterns: [{ group: ["@/stripe-sandbox/*", "**/stripe-sandbox/*"], message: "App code must not import the Stripe sandbox." }],
        },
      ],
    },
  },
  { ignores: [".next/**", "node_modules/**", "lib/generated/**", ".data/**", "next-env.d.ts", "test-results/**", "playwright-report/**"] },
];

export default config;
