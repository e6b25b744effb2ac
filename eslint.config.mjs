import { fileURLToPath } from "node:url";
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

// The Stripe sandbox is the workspace package @storefront/stripe-sandbox (packages/stripe-sandbox/).
// Its boundary is checked with @typescript-eslint/no-restricted-imports, so that it does not clash
// with the Stripe SDK fence below (one no-restricted-imports setting per file wins over the other).
const SANDBOX = "@storefront/stripe-sandbox";
const SANDBOX_DIR = fileURLToPath(new URL("./packages/stripe-sandbox", import.meta.url));
/** Its files by path (relative or through the app's `@/` alias) rather than by package name. */
const sandboxByPath = {
  group: ["**/packages/stripe-sandbox", "**/packages/stripe-sandbox/**", "@/packages/**"],
  message: `Use the Stripe sandbox through its package name, ${SANDBOX}.`,
};

const config = [
  ...nextVitals,
  ...nextTs,
  {
    rules: {
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_" }],
      // A relative import must not cross from one package into another (the app ↔ the sandbox).
      "import/no-relative-packages": "error",
    },
  },
  {
    // Outside the package, only its public entry points: "." (startSandbox) and "./control" (the
    // control client). Its exports map refuses the rest at runtime; this says so at lint time.
    ignores: ["packages/stripe-sandbox/**"],
    rules: {
      "@typescript-eslint/no-restricted-imports": [
        "error",
        {
          patterns: [
            { group: [`${SANDBOX}/*`, `!${SANDBOX}/control`], message: `Only ${SANDBOX} and ${SANDBOX}/control are public.` },
            sandboxByPath,
          ],
        },
      ],
    },
  },
  {
    // The sandbox is a separate program standing in for Stripe; the app must work unchanged
    // against real Stripe, so only tests and their support code may start it in-process or drive
    // it. Launchers (scripts/run.ts) run its CLI as a child process and import none of it.
    files: ["app/**", "components/**", "lib/**", "prisma/**", "scripts/**"],
    ignores: ["**/*.test.ts"],
    rules: {
      "@typescript-eslint/no-restricted-imports": [
        "error",
        {
          paths: [{ name: SANDBOX, message: "App code must not import the Stripe sandbox." }],
          patterns: [{ group: [`${SANDBOX}/*`], message: "App code must not import the Stripe sandbox." }, sandboxByPath],
        },
      ],
    },
  },
  {
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
          // Route handlers are entry points and test support is for tests: app code builds on lib/.
          patterns: [{ group: ["@/app/*", "@/test-support/*"], message: "App code must not import a route handler or test support." }],
        },
      ],
    },
  },
  {
    // Inside the package: nothing from the app (no `@/` alias; relative paths out of the package are
    // import/no-relative-packages above), its own modules by relative path, and at runtime only Node
    // built-ins (type imports, tests and config may use its devDependencies).
    files: ["packages/stripe-sandbox/**"],
    rules: {
      "@typescript-eslint/no-restricted-imports": [
        "error",
        {
          patterns: [
            { group: ["@/*"], message: "The Stripe sandbox is its own package: it must not import the app." },
            { group: [SANDBOX, `${SANDBOX}/*`], message: "Inside the package, import its modules by relative path." },
          ],
        },
      ],
      "import/no-extraneous-dependencies": ["error", { packageDir: SANDBOX_DIR, devDependencies: false }],
    },
  },
  {
    files: ["packages/stripe-sandbox/test/**", "packages/stripe-sandbox/vitest.config.ts"],
    rules: {
      "import/no-extraneous-dependencies": ["error", { packageDir: SANDBOX_DIR, devDependencies: true }],
    },
  },
  { ignores: [".next/**", "node_modules/**", "lib/generated/**", ".data/**", "next-env.d.ts", "test-results/**", "playwright-report/**", ".stryker-tmp/**", "reports/**"] },
];

export default config;
