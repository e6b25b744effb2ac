/**
 * Stripe's "custom retry schedule" (at most 3 retries, each N days after the previous attempt), with
 * N = 3, 5, 7. Smart Retries pick times by machine learning, which a sandbox can't reproduce; a fixed
 * schedule is deterministic and its 15 days end well before a monthly plan's next renewal.
 */
const RETRY_DAYS = [3, 5, 7] as const;

/** When the retry after the nth automatic attempt (1 = the first) runs, or null after the last. */
export function nextRetryAt(automaticAttempts: number, failedAt: number): number | null {
  const days = RETRY_DAYS[automaticAttempts - 1];
  return days === undefined ? null : failedAt + days * 86_400;
}
