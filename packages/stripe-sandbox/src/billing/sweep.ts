import type { Deps } from "../core/deps";
import { runDueBilling } from "./engine";
import { finishStalledAdvances } from "./test-clocks";
import { testClockOf } from "./time";

/** Billing's share of the runtime tick (../tick.ts): the timer and every request. */
export function runBillingSweep(deps: Deps): void {
  // Customers on a test clock move only when their clock is advanced.
  runDueBilling(deps, deps.clock.now(), (customerId) => !testClockOf(deps, customerId));
  deps.bus.automatic(() => finishStalledAdvances(deps));
}
