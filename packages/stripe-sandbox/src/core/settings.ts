/**
 * Account settings that Stripe keeps in the Dashboard rather than the API. The runtime owns one mutable
 * copy, shared by every Deps, so a control or a CLI flag changes what billing does from then on.
 */
export type AccountSettings = {
  /**
   * What happens to a subscription when every retry of a failed renewal has failed: the Dashboard's
   * "Manage failed payments" choice (cancel it, mark it unpaid, or leave it past_due).
   */
  afterFinalRetry: AfterFinalRetry;
};

export const AFTER_FINAL_RETRY = ["cancel", "unpaid", "past_due"] as const;
export type AfterFinalRetry = (typeof AFTER_FINAL_RETRY)[number];

export function defaultSettings(): AccountSettings {
  return { afterFinalRetry: "cancel" };
}

export function parseAfterFinalRetry(value: unknown): AfterFinalRetry | undefined {
  return AFTER_FINAL_RETRY.find((choice) => choice === value);
}
