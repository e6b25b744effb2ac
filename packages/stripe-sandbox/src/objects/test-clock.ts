export type TestClock = {
  id: string;
  object: "test_helpers.test_clock";
  frozen_time: number;
  name: string | null;
  status: "ready" | "advancing" | "internal_failure";
  status_details: { advancing?: { target_frozen_time: number } };
  created: number;
  [key: string]: unknown;
};

/** Stripe's guide says 30 days, its API reference example 7; the sandbox follows the guide. */
const LIFETIME_SECONDS = 30 * 86_400;

export function buildTestClock(input: { id: string; now: number; frozenTime: number; name: string | null }): TestClock {
  return {
    id: input.id,
    object: "test_helpers.test_clock",
    created: input.now,
    deletes_after: input.now + LIFETIME_SECONDS,
    frozen_time: input.frozenTime,
    livemode: false,
    name: input.name,
    status: "ready",
    status_details: {},
  };
}
