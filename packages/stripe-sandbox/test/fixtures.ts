import { readFileSync } from "node:fs";

// Stripe's published example objects (fixtures3.json from github.com/stripe/openapi), vendored in
// fixtures/stripe-fixtures.json with only the resources these tests compare against; see the
// package README, "Vendored Stripe fixtures".

type Fixtures = { resources: Record<string, Record<string, unknown>> };

const fixtures = JSON.parse(readFileSync(new URL("./fixtures/stripe-fixtures.json", import.meta.url), "utf8")) as Fixtures;

/** The keys of Stripe's fixture for `resource` (e.g. "checkout.session") that `actual` lacks. */
export function missingFixtureKeys(resource: string, actual: unknown): string[] {
  const fixture = fixtures.resources[resource];
  if (!fixture) throw new Error(`fixture ${resource} not found (vendor it into test/fixtures/stripe-fixtures.json)`);
  const keys = Object.keys(actual as Record<string, unknown>);
  return Object.keys(fixture).filter((k) => !keys.includes(k));
}
