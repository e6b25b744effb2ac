import type { Deps } from "../core/deps";
import { invalidRequest } from "../http/errors";
import type { Customer } from "../objects/customer";
import type { Subscription } from "../objects/subscription";
import type { TestClock } from "../objects/test-clock";
import { addInterval } from "./periods";
import { endSubscription } from "./end";
import { runDueBilling } from "./engine";
import { depsAt } from "./time";

/** How long an advance stays `advancing` before the work runs; Stripe takes "a few seconds". */
const ADVANCE_DELAY_MS = 50;

function customersOn(deps: Deps, clock: TestClock): Customer[] {
  return deps.store.list<Customer>("customer").filter((c) => c["test_clock"] === clock.id);
}

function subscriptionsOn(deps: Deps, clock: TestClock): Subscription[] {
  const customers = new Set(customersOn(deps, clock).map((c) => c.id));
  return deps.store.list<Subscription>("subscription").filter((s) => customers.has(s.customer));
}

/** One advance may go at most two intervals of the shortest live subscription, or two years without one. */
function advanceLimit(deps: Deps, clock: TestClock): number {
  const live = subscriptionsOn(deps, clock).filter((s) => s.status !== "canceled" && s.status !== "incomplete_expired");
  const limits = live.flatMap((s) =>
    s.items.data.map((item) => {
      const recurring = item.price.recurring ?? { interval: "month" as const, interval_count: 1 };
      return addInterval(clock.frozen_time, { interval: recurring.interval, interval_count: recurring.interval_count * 2 });
    }),
  );
  return Math.min(addInterval(clock.frozen_time, { interval: "year", interval_count: 2 }), ...limits);
}

export function attachCustomer(deps: Deps, clock: TestClock, customer: Customer): void {
  if (customer["test_clock"] && customer["test_clock"] !== clock.id) {
    throw invalidRequest(`Customer ${customer.id} is already attached to test clock ${String(customer["test_clock"])}.`, { param: "customer" });
  }
  customer["test_clock"] = clock.id;
  for (const sub of deps.store.list<Subscription>("subscription")) if (sub.customer === customer.id) sub.test_clock = clock.id;
  deps.store.touch();
}

/**
 * Answers at once with `advancing`, then (shortly after, outside the request) runs everything due for
 * the clock's customers in time order and reports `ready`, the way Stripe's asynchronous advance does.
 */
export function startAdvance(deps: Deps, clock: TestClock, target: number): TestClock {
  if (clock.status !== "ready") throw invalidRequest(`Test clock ${clock.id} is ${clock.status}; wait until it is ready before advancing it again.`, { code: "test_clock_not_ready" });
  if (target <= clock.frozen_time) {
    throw invalidRequest("The test clock can only move forward: frozen_time must be later than the current frozen_time.", { param: "frozen_time" });
  }
  const limit = advanceLimit(deps, clock);
  if (target > limit) {
    throw invalidRequest(
      `Cannot advance the test clock by more than two intervals of its shortest subscription (or two years). The latest allowed frozen_time is ${limit}.`,
      { param: "frozen_time" },
    );
  }
  clock.status = "advancing";
  clock.status_details = { advancing: { target_frozen_time: target } };
  deps.store.touch();
  deps.bus.emit("test_helpers.test_clock.advancing", clock);
  scheduled.add(clock.id);
  const timer = setTimeout(() => {
    scheduled.delete(clock.id);
    deps.bus.run({ id: null, idempotency_key: null }, () => finishAdvance(deps, clock.id, target));
  }, ADVANCE_DELAY_MS);
  timer.unref();
  return clock;
}

/** Clocks whose advance has a timer in this process; ids are random, so sandboxes sharing a process can't collide. */
const scheduled = new Set<string>();

/** A clock loaded from a snapshot while `advancing` lost its timer with the old process; finish it now. */
export function finishStalledAdvances(deps: Deps): void {
  for (const clock of deps.store.list<TestClock>("test_helpers.test_clock")) {
    const target = clock.status_details.advancing?.target_frozen_time;
    if (clock.status === "advancing" && target !== undefined && !scheduled.has(clock.id)) finishAdvance(deps, clock.id, target);
  }
}

function finishAdvance(deps: Deps, clockId: string, target: number): void {
  const clock = deps.store.get<TestClock>("test_helpers.test_clock", clockId);
  if (!clock || clock.status !== "advancing") return;
  runDueBilling(deps, target, (customerId) => deps.store.get<Customer>("customer", customerId)?.["test_clock"] === clockId);
  clock.frozen_time = target;
  clock.status = "ready";
  clock.status_details = {};
  deps.store.touch();
  deps.bus.emit("test_helpers.test_clock.ready", clock);
}

/** Deleting a clock deletes its customers and cancels their subscriptions. */
export function deleteClock(deps: Deps, clock: TestClock): void {
  for (const sub of subscriptionsOn(deps, clock)) {
    if (sub.status !== "canceled" && sub.status !== "incomplete_expired") endSubscription(depsAt(deps, clock.frozen_time), sub, "cancellation_requested");
  }
  for (const customer of customersOn(deps, clock)) {
    deps.store.delete(customer.id);
    deps.bus.emit("customer.deleted", customer);
  }
  deps.store.delete(clock.id);
  deps.bus.emit("test_helpers.test_clock.deleted", clock);
}
