import { readdir } from "node:fs/promises";
import path from "node:path";
import { env } from "@/lib/config/env";
import { sql } from "@/lib/db";
import { ApiError } from "@/lib/http/api-error";

// What GET /api/health/ready checks, cheaply enough to be polled every few seconds by every load
// balancer in front of the app: one indexed read of a table of a few dozen rows, no call to Stripe.
// An instance is ready when its database answers within a second, has every migration this
// release ships, and Stripe is configured.

const DATABASE_TIMEOUT_MS = 1_000;
const UNDEFINED_TABLE = "42P01";

type Check = "ok" | `failed: ${string}`;

export interface Readiness {
  ready: boolean;
  checks: { database: Check; migrations: Check | "not checked"; stripe: Check };
}

let shipped: Promise<string[]> | undefined;

/** The migrations this release ships (prisma/migrations), read once: they change only with a deploy. */
function shippedMigrations(): Promise<string[]> {
  shipped ??= readdir(path.join(process.cwd(), "prisma", "migrations"), { withFileTypes: true }).then(
    (entries) => entries.filter((entry) => entry.isDirectory()).map((entry) => entry.name),
    (error: unknown) => {
      shipped = undefined;
      throw error;
    },
  );
  return shipped;
}

function withinTimeout<T>(work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${DATABASE_TIMEOUT_MS} ms`)), DATABASE_TIMEOUT_MS);
  });
  // A late failure after the timeout has answered must not surface as an unhandled rejection.
  work.catch(() => {});
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

function reasonOf(error: unknown): string {
  const { code } = error as { code?: unknown };
  if (typeof code === "string") return code;
  return error instanceof Error ? error.message : "unknown error";
}

async function databaseChecks(): Promise<Pick<Readiness["checks"], "database" | "migrations">> {
  let applied: Set<string>;
  try {
    const rows = await withinTimeout(sql<{ name: string }>(`SELECT name FROM "_app_migrations"`, []));
    applied = new Set(rows.map((row) => row.name));
  } catch (error) {
    if ((error as { code?: unknown }).code === UNDEFINED_TABLE) return { database: "ok", migrations: "failed: no migration has been applied" };
    return { database: `failed: ${reasonOf(error)}`, migrations: "not checked" };
  }
  let expected: string[];
  try {
    expected = await shippedMigrations();
  } catch (error) {
    return { database: "ok", migrations: `failed: the release's migrations cannot be read (${reasonOf(error)})` };
  }
  const missing = expected.filter((name) => !applied.has(name));
  if (missing.length === 0) return { database: "ok", migrations: "ok" };
  return { database: "ok", migrations: `failed: ${missing.length} not applied (${missing.slice(0, 3).join(", ")}${missing.length > 3 ? ", …" : ""})` };
}

export async function readiness(): Promise<Readiness> {
  const stripe: Check = env().STRIPE_SECRET_KEY ? "ok" : "failed: STRIPE_SECRET_KEY is not set";
  const checks = { ...(await databaseChecks()), stripe };
  return { ready: Object.values(checks).every((check) => check === "ok"), checks };
}

/** A probe sends no body; one that does is not a probe, and is told so rather than ignored. */
export function refuseProbeBody(request: Request): void {
  const length = request.headers.get("content-length");
  if ((length !== null && length.trim() !== "0") || request.headers.has("transfer-encoding")) {
    throw new ApiError("invalid_request", "A health probe carries no body.");
  }
}
