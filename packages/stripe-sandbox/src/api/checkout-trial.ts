import type { TrialTerms } from "../core/store";
import { invalidRequest } from "../http/errors";
import type { Params } from "../http/params";

const DAY = 86_400;
const MAX_TRIAL_DAYS = 730;

/**
 * `subscription_data[trial_period_days]` (1–730) or `[trial_end]` (at least 48 hours and at most 730 days
 * ahead), and `[trial_settings][end_behavior][missing_payment_method]` (stripe-facts.md §8, §9).
 */
export function trialTerms(sd: Params | undefined, now: number): TrialTerms | null {
  if (!sd) return null;
  const days = sd.int("trial_period_days") ?? null;
  const end = sd.int("trial_end") ?? null;
  const behavior = sd.object("trial_settings")?.allowOnly(["end_behavior"]).object("end_behavior")?.allowOnly(["missing_payment_method"]);
  const missingPaymentMethod = behavior?.oneOf("missing_payment_method", ["cancel", "create_invoice", "pause"] as const) ?? "create_invoice";
  if (days !== null && end !== null) throw invalidRequest("You may only specify one of these parameters: trial_end, trial_period_days.", { param: sd.name("trial_end") });
  if (days !== null && (days < 1 || days > MAX_TRIAL_DAYS)) {
    throw invalidRequest(`Invalid trial_period_days: must be between 1 and ${MAX_TRIAL_DAYS}`, { param: sd.name("trial_period_days") });
  }
  if (end !== null && end < now + 2 * DAY) {
    throw invalidRequest("`trial_end` must be at least 48 hours in the future.", { param: sd.name("trial_end") });
  }
  if (end !== null && end > now + MAX_TRIAL_DAYS * DAY) {
    throw invalidRequest(`\`trial_end\` can be at most ${MAX_TRIAL_DAYS} days in the future.`, { param: sd.name("trial_end") });
  }
  return days === null && end === null ? null : { days, end, missingPaymentMethod };
}
