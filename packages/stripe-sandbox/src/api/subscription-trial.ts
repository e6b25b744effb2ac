import type { Deps } from "../core/deps";
import { invalidRequest } from "../http/errors";
import type { Params } from "../http/params";
import type { Subscription } from "../objects/subscription";
import { billingNow } from "../billing/time";
import type { TrialEnd } from "../billing/trial-change";

const MAX_TRIAL_SECONDS = 730 * 86_400;

/**
 * `trial_end` on `subscriptions.update` or a preview's `subscription_details`: `now`, or a timestamp in the
 * future (billing time) at most 730 days ahead. Stripe's wording for a bad timestamp (stripe-facts.md §8);
 * the sandbox changes the trial of a trialing subscription only, and says so in its own words otherwise.
 */
export function trialEndParam(deps: Deps, sub: Subscription, p: Params): TrialEnd | null {
  const raw = p.string("trial_end");
  if (raw === undefined) return null;
  const param = p.name("trial_end");
  const now = billingNow(deps, sub.customer);
  const value = raw === "now" ? "now" : /^\d+$/.test(raw) ? Number(raw) : null;
  if (value === null || (typeof value === "number" && value <= now)) {
    throw invalidRequest("Invalid timestamp: must be an integer Unix timestamp in the future.", { param });
  }
  if (typeof value === "number" && value > now + MAX_TRIAL_SECONDS) {
    throw invalidRequest("`trial_end` can be at most 730 days in the future.", { param });
  }
  if (sub.status !== "trialing") {
    throw invalidRequest(`The sandbox changes trial_end only while a subscription is trialing; this one is ${sub.status}, and it can't start a new trial.`, { param });
  }
  if (sub.schedule) {
    throw invalidRequest(`The sandbox can't change the trial of a subscription managed by the subscription schedule \`${sub.schedule}\`.`, { param });
  }
  return value;
}
