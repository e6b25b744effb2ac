import { randomUUID } from "node:crypto";
import { db } from "@/lib/db";
import { ApiError } from "@/lib/http/api-error";
import { logger } from "@/lib/observability/logger";

// One checkout start per user at a time, across every app instance, without holding a database
// connection or transaction while Stripe is called: a row in checkout_lease names the holder
// until it is released or its time runs out (a crashed holder blocks that user for at most
// LEASE_MS). Other starts for the same user wait for it, then see what it recorded.

const LEASE_MS = 120_000;
/** Stripe calls are bounded by the SDK (10 s × 3 tries + backoff); none starts with less left. */
const MIN_TIME_LEFT_MS = 40_000;
const WAIT_MS = 25_000;

export interface CheckoutLease {
  /** Unique per logical checkout start: names its idempotency keys at Stripe. */
  readonly attempt: string;
  /** Throws instead of starting a Stripe call that might outlive the lease. */
  ensureTimeLeft(): void;
}

async function tryAcquire(userId: string, holder: string): Promise<boolean> {
  const rows = await db.$queryRaw<{ holder: string }[]>`
    INSERT INTO "checkout_lease" ("userId", "holder", "expiresAt")
    VALUES (${userId}, ${holder}, (now() AT TIME ZONE 'UTC') + ${LEASE_MS} * interval '1 millisecond')
    ON CONFLICT ("userId") DO UPDATE SET "holder" = EXCLUDED."holder", "expiresAt" = EXCLUDED."expiresAt"
      WHERE "checkout_lease"."expiresAt" < (now() AT TIME ZONE 'UTC')
    RETURNING "holder"`;
  return rows.length === 1;
}

async function release(userId: string, holder: string): Promise<void> {
  await db.checkoutLease.deleteMany({ where: { userId, holder } });
}

function pause(attempt: number): Promise<void> {
  const ms = Math.min(250, 20 * 2 ** attempt) * (0.5 + Math.random());
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export async function withCheckoutLease<T>(userId: string, work: (lease: CheckoutLease) => Promise<T>): Promise<T> {
  const holder = randomUUID();
  const waitUntil = Date.now() + WAIT_MS;
  for (let attempt = 0; !(await tryAcquire(userId, holder)); attempt++) {
    if (Date.now() > waitUntil) {
      throw new ApiError("checkout_in_progress", "Another checkout of yours is still starting. Please try again in a moment.");
    }
    await pause(attempt);
  }
  const deadline = Date.now() + LEASE_MS;
  const lease: CheckoutLease = {
    attempt: holder,
    ensureTimeLeft() {
      if (deadline - Date.now() < MIN_TIME_LEFT_MS) {
        throw new ApiError("stripe_unavailable", "Payments are responding slowly. Please try again in a minute.");
      }
    },
  };
  try {
    return await work(lease);
  } finally {
    await release(userId, holder).catch((error: unknown) => logger().error({ err: error, userId }, "checkout lease: release failed; it lapses by itself"));
  }
}
