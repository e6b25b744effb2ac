import type { Deps } from "../core/deps";
import type { Subscription } from "../objects/subscription";
import type { SubscriptionSchedule } from "../objects/subscription-schedule";

// How a schedule lets go of its subscription. Kept apart from schedules.ts because ending a
// subscription (end.ts) must close its schedule, and schedules.ts itself ends subscriptions.

export function scheduleOf(deps: Deps, sub: Subscription): SubscriptionSchedule | undefined {
  return sub.schedule ? deps.store.get<SubscriptionSchedule>("subscription_schedule", sub.schedule) : undefined;
}

/** Released, canceled and completed schedules no longer manage anything; only these can still change. */
export function isLive(schedule: SubscriptionSchedule): boolean {
  return schedule.status === "active" || schedule.status === "not_started";
}

export function subscriptionOfSchedule(deps: Deps, schedule: SubscriptionSchedule): Subscription | undefined {
  const id = schedule.subscription ?? schedule.released_subscription;
  return id ? deps.store.get<Subscription>("subscription", id) : undefined;
}

/** The item a live schedule puts on the subscription from `at`, if a phase starts then (for previews of the renewal). */
export function phaseItemFrom(deps: Deps, sub: Subscription, at: number): { price: string; quantity: number } | undefined {
  const schedule = scheduleOf(deps, sub);
  if (!schedule || !isLive(schedule)) return undefined;
  return schedule.phases.find((p) => p.start_date === at)?.items[0];
}

/** Stripe ends a live schedule with one of these; each has its own timestamp and no current phase. */
export function closeSchedule(schedule: SubscriptionSchedule, status: "canceled" | "completed", at: number): void {
  schedule.status = status;
  schedule.current_phase = null;
  if (status === "canceled") schedule.canceled_at = at;
  else schedule.completed_at = at;
}

/**
 * A subscription ending while a schedule manages it takes the schedule with it: canceled, reported as
 * `subscription_schedule.aborted` when dunning ended it ("canceled because of delinquency") and as
 * `.canceled` otherwise.
 */
export function closeScheduleOfEndingSubscription(deps: Deps, sub: Subscription, reason: "cancellation_requested" | "payment_failed"): void {
  const schedule = scheduleOf(deps, sub);
  if (!schedule || !isLive(schedule)) return;
  closeSchedule(schedule, "canceled", deps.clock.now());
  deps.store.touch();
  deps.bus.emit(reason === "payment_failed" ? "subscription_schedule.aborted" : "subscription_schedule.canceled", schedule);
}

/**
 * Releasing hands the subscription back: `subscription` moves to `released_subscription` and the
 * subscription's `schedule` is cleared. A cancellation the schedule put on the subscription (end_behavior
 * cancel) is dropped unless `preserveCancelDate`.
 */
export function releaseAt(deps: Deps, schedule: SubscriptionSchedule, at: number, preserveCancelDate: boolean): void {
  const sub = subscriptionOfSchedule(deps, schedule);
  schedule.status = "released";
  schedule.released_at = at;
  schedule.released_subscription = schedule.subscription;
  schedule.subscription = null;
  schedule.current_phase = null;
  if (sub && sub.schedule === schedule.id) {
    const previous: Record<string, unknown> = { schedule: sub.schedule };
    sub.schedule = null;
    if (!preserveCancelDate && schedule.end_behavior === "cancel" && sub.cancel_at !== null) {
      Object.assign(previous, { cancel_at: sub.cancel_at, canceled_at: sub.canceled_at, cancel_at_period_end: sub.cancel_at_period_end });
      sub.cancel_at = null;
      sub.canceled_at = null;
      sub.cancel_at_period_end = false;
      sub.cancellation_details = { ...sub.cancellation_details, reason: null };
    }
    deps.bus.emit("customer.subscription.updated", sub, previous);
  }
  deps.store.touch();
  deps.bus.emit("subscription_schedule.released", schedule);
}
