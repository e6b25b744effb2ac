const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * Real-time wait before retry n (index n-1), in the shape of Stripe's live-mode backoff. Stripe publishes
 * no intervals, only "up to 3 days with exponential backoff" in live mode and "3 retries over a few hours"
 * in test mode (../shared/docs/stripe-facts.md §2 [D1]). This table grows roughly exponentially, then
 * flattens at 10 h so that the 11 retries end 67.6 h after the first attempt, inside the 3 days.
 */
export const STRIPE_RETRY_SCHEDULE_MS: readonly number[] = [
  1 * MINUTE,
  5 * MINUTE,
  30 * MINUTE,
  2 * HOUR,
  5 * HOUR,
  10 * HOUR,
  10 * HOUR,
  10 * HOUR,
  10 * HOUR,
  10 * HOUR,
  10 * HOUR,
];

/**
 * Real-time length of an unbroken failure run after which Stripe disables an endpoint. Stripe says only
 * that endpoints failing "for days" are disabled; the one figure on record is "nine consecutive days",
 * quoted from a Stripe email (stripe-facts.md §2 [X1]).
 */
export const STRIPE_DISABLE_AFTER_MS = 9 * DAY;

/** Compressed wait before retry `retry` (1-based); retries past the table keep its last interval. */
export function retryDelayMs(retry: number, timeScale: number): number {
  const table = STRIPE_RETRY_SCHEDULE_MS;
  const real = table[Math.min(retry, table.length) - 1] ?? 0;
  return Math.round(real * timeScale);
}

/** `retryBaseMs` names the first retry's compressed delay, which fixes the compression factor. */
export function timeScaleFor(retryBaseMs: number): number {
  return retryBaseMs / (STRIPE_RETRY_SCHEDULE_MS[0] ?? MINUTE);
}
