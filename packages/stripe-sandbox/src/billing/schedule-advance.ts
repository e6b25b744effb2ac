import type { Deps } from "../core/deps";
import type { SubscriptionSchedule } from "../objects/subscription-schedule";
import { endSubscription } from "./end";
import { enterPhase } from "./schedule-phases";
import { closeSchedule, isLive, releaseAt, subscriptionOfSchedule } from "./schedule-state";

/** When a live schedule next acts: the end of its current phase. */
export function scheduleDueAt(schedule: SubscriptionSchedule): number | null {
  return isLive(schedule) ? (schedule.current_phase?.end_date ?? null) : null;
}

/**
 * The current phase has ended (deps' clock reads its end_date). The next phase starts, moving the
 * subscription to its item under that phase's proration_behavior; after the last phase the schedule
 * ends by its end_behavior: released (the subscription carries on alone) or completed (it is canceled).
 * Every path moves `current_phase` on or closes the schedule, so the billing engine never sees it due twice.
 */
export function advanceSchedule(deps: Deps, schedule: SubscriptionSchedule): void {
  const current = schedule.current_phase;
  if (!current) return;
  const at = current.end_date;
  const sub = subscriptionOfSchedule(deps, schedule);
  if (!sub || sub.status === "canceled" || sub.status === "incomplete_expired") {
    closeSchedule(schedule, "canceled", at);
    deps.store.touch();
    deps.bus.emit("subscription_schedule.canceled", schedule);
    return;
  }
  const next = schedule.phases.find((p) => p.start_date === at);
  if (next) {
    const previous = { current_phase: { ...current } };
    schedule.current_phase = { start_date: next.start_date, end_date: next.end_date };
    deps.store.touch();
    enterPhase(deps, sub, next, next.proration_behavior, at);
    deps.bus.emit("subscription_schedule.updated", schedule, previous);
    return;
  }
  if (schedule.end_behavior === "release") {
    releaseAt(deps, schedule, at, false);
    return;
  }
  closeSchedule(schedule, "completed", at);
  endSubscription(deps, sub, "cancellation_requested");
  deps.store.touch();
  deps.bus.emit("subscription_schedule.completed", schedule);
}
