import { Clock } from "../core/clock";
import type { Deps } from "../core/deps";
import type { Customer } from "../objects/customer";
import type { TestClock } from "../objects/test-clock";

/** A clock stopped at one instant, so everything a billing step creates is dated when the step was due. */
class FrozenClock extends Clock {
  constructor(private readonly seconds: number) {
    super();
  }

  override nowMs(): number {
    return this.seconds * 1000;
  }
}

export function depsAt(deps: Deps, seconds: number): Deps {
  return { ...deps, clock: new FrozenClock(seconds) };
}

export function testClockOf(deps: Deps, customerId: string): TestClock | undefined {
  const customer = deps.store.get<Customer>("customer", customerId);
  const clockId = typeof customer?.["test_clock"] === "string" ? customer["test_clock"] : null;
  return clockId ? deps.store.get<TestClock>("test_helpers.test_clock", clockId) : undefined;
}

/** A customer on a test clock lives at the clock's frozen time; everyone else at sandbox time. */
export function billingNow(deps: Deps, customerId: string): number {
  return testClockOf(deps, customerId)?.frozen_time ?? deps.clock.now();
}

export function depsFor(deps: Deps, customerId: string): Deps {
  return testClockOf(deps, customerId) ? depsAt(deps, billingNow(deps, customerId)) : deps;
}
