import { appendFileSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";

// Suites that need a service this machine may not run (PostgreSQL for the chaos and security
// suites, Redis for the Redis limiter). In CI (CI=true) a missing service fails the suite: a
// green CI run must have proved everything. Elsewhere the suite is skipped, and the skip is
// written down so that `npm test` ends with one line saying what it did not prove.

const SKIPS_FILE = path.join(process.cwd(), ".data", "test-skips.log");

/** True when the suite must be skipped because `service` is missing; throws instead in CI. */
export function skipWithout(service: string, missing: boolean, suite: string, howToProvide: string): boolean {
  if (!missing) return false;
  const reason = `${suite} needs ${service}: ${howToProvide}`;
  if (process.env.CI === "true") throw new Error(`${reason}. CI does not skip it.`);
  mkdirSync(path.dirname(SKIPS_FILE), { recursive: true });
  appendFileSync(SKIPS_FILE, `${reason}\n`);
  return true;
}

/** The chaos and security suites: two app servers on one PostgreSQL database. */
export function skipWithoutPostgres(suite: string): boolean {
  return skipWithout("PostgreSQL", !process.env.TEST_DATABASE_URL, suite, "set TEST_DATABASE_URL (e.g. postgresql://postgres@127.0.0.1:5432/test)");
}

export function forgetSkips(): void {
  rmSync(SKIPS_FILE, { force: true });
}

/** The suites skipped since forgetSkips, each once. */
export function recordedSkips(): string[] {
  let text = "";
  try {
    text = readFileSync(SKIPS_FILE, "utf8");
  } catch {
    return [];
  }
  return [...new Set(text.split("\n").filter(Boolean))];
}
