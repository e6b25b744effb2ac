export type ChaosConfig = {
  /** Deliver every event twice (at-least-once delivery). */
  duplicate: boolean;
  /** Randomise the order of the events one action produces (Stripe guarantees no order). */
  shuffle: boolean;
  /** Wait this long before each first attempt. */
  delayMs: number;
  /** The first N attempts of each event fail inside the sandbox without being sent, so the retry path runs. */
  failFirst: number;
};

export const DEFAULT_CHAOS: ChaosConfig = { duplicate: false, shuffle: false, delayMs: 0, failFirst: 0 };

/** Accepts JSON (booleans/numbers) or form bodies (strings); returns an error message for bad input. */
export function mergeChaos(current: ChaosConfig, input: Record<string, unknown>): ChaosConfig | string {
  const next = { ...current };
  for (const [key, raw] of Object.entries(input)) {
    if (key === "duplicate" || key === "shuffle") {
      if (raw === true || raw === "true") next[key] = true;
      else if (raw === false || raw === "false") next[key] = false;
      else return `${key} must be a boolean`;
    } else if (key === "delayMs" || key === "failFirst") {
      const n = typeof raw === "number" ? raw : typeof raw === "string" && raw !== "" ? Number(raw) : NaN;
      if (!Number.isInteger(n) || n < 0) return `${key} must be a non-negative integer`;
      next[key] = n;
    } else {
      return `unknown config key: ${key}`;
    }
  }
  return next;
}
