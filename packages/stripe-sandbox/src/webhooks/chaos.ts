export type ChaosConfig = {
  /** Deliver every event twice (at-least-once delivery); the copies are separate deliveries that may overlap. */
  duplicate: boolean;
  /** Hold each first attempt a random 0–50 ms, so arrival order scrambles even at a receiver that answers at once. */
  shuffle: boolean;
  /** Wait this long before each first attempt. */
  delayMs: number;
  /** The first N attempts of each event fail inside the sandbox without being sent, so the retry path runs. */
  failFirst: number;
  /** Every /v1 answer waits this long, to show what a slow Stripe does to the app. */
  apiDelayMs: number;
  /** Every /v1 request gets Stripe's 500 `api_error`, as in an outage; controls and hosted pages keep working. */
  apiOutage: boolean;
};

export const DEFAULT_CHAOS: ChaosConfig = { duplicate: false, shuffle: false, delayMs: 0, failFirst: 0, apiDelayMs: 0, apiOutage: false };

type BooleanKey = "duplicate" | "shuffle" | "apiOutage";
type CountKey = "delayMs" | "failFirst" | "apiDelayMs";

const BOOLEAN_KEYS: readonly string[] = ["duplicate", "shuffle", "apiOutage"] satisfies BooleanKey[];
const COUNT_KEYS: readonly string[] = ["delayMs", "failFirst", "apiDelayMs"] satisfies CountKey[];

function isBooleanKey(key: string): key is BooleanKey {
  return BOOLEAN_KEYS.includes(key);
}

function isCountKey(key: string): key is CountKey {
  return COUNT_KEYS.includes(key);
}

/** Accepts JSON (booleans/numbers) or form bodies (strings); returns an error message for bad input. */
export function mergeChaos(current: ChaosConfig, input: Record<string, unknown>): ChaosConfig | string {
  const next = { ...current };
  for (const [key, raw] of Object.entries(input)) {
    if (isBooleanKey(key)) {
      if (raw === true || raw === "true") next[key] = true;
      else if (raw === false || raw === "false") next[key] = false;
      else return `${key} must be a boolean`;
    } else if (isCountKey(key)) {
      const n = typeof raw === "number" ? raw : typeof raw === "string" && raw !== "" ? Number(raw) : NaN;
      if (!Number.isInteger(n) || n < 0) return `${key} must be a non-negative integer`;
      next[key] = n;
    } else {
      return `unknown config key: ${key}`;
    }
  }
  return next;
}
