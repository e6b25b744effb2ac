import { STRIPE_DISABLE_AFTER_MS, timeScaleFor } from "./schedule";

export type DeliverySettings = {
  /** Per-attempt timeout; Stripe publishes none, the Stripe CLI uses 30 s. */
  timeoutMs: number;
  /** Factor applied to Stripe's real retry schedule and disable window (1/60: a minute becomes a second). */
  timeScale: number;
  /** Total attempts including the first (test mode: first + 3 retries; live: first + 11). */
  maxAttempts: number;
  /** Deliveries to one endpoint in flight at once; Stripe promises neither a limit nor an order. */
  concurrency: number;
  /** Length of an unbroken failure run that disables an endpoint, already compressed. */
  disableAfterMs: number;
};

/** `retryBaseMs`, the first retry's delay, is another way to give `timeScale`, and wins over it. */
export type DeliveryOptions = Partial<DeliverySettings> & { retryBaseMs?: number };

const DEFAULT_TIME_SCALE = 1 / 60;

export function resolveDelivery(options: DeliveryOptions = {}): DeliverySettings {
  const timeScale = options.retryBaseMs !== undefined ? timeScaleFor(options.retryBaseMs) : (options.timeScale ?? DEFAULT_TIME_SCALE);
  const settings = {
    timeoutMs: options.timeoutMs ?? 10_000,
    timeScale,
    maxAttempts: options.maxAttempts ?? 4,
    concurrency: Math.max(1, options.concurrency ?? 8),
    disableAfterMs: options.disableAfterMs ?? Math.round(STRIPE_DISABLE_AFTER_MS * timeScale),
  };
  for (const [key, value] of Object.entries(settings)) {
    if (!Number.isFinite(value) || value < 0) throw new Error(`delivery.${key} must be a non-negative number, got ${value}`);
  }
  if (!Number.isInteger(settings.concurrency)) throw new Error(`delivery.concurrency must be a whole number, got ${settings.concurrency}`);
  return settings;
}
