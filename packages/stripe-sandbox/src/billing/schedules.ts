import type { Deps } from "../core/deps";
import { newId } from "../core/ids";
import type { Metadata } from "../core/types";
import { invalidRequest } from "../http/errors";
import type { Subscription } from "../objects/subscription";
import { buildPhase, buildSchedule, phaseAt, type EndBehavior, type PhaseProrationBehavior, type SubscriptionSchedule } from "../objects/subscription-schedule";
import { cancelNow, type CancelOptions } from "./cancel-now";
import { enterPhase, resolvePhases, type PhaseSpec } from "./schedule-phases";
import { closeSchedule, isLive, releaseAt, subscriptionOfSchedule } from "./schedule-state";

function refuseUnlessLive(schedule: SubscriptionSchedule, action: "update" | "release" | "cancel"): void {
  if (isLive(schedule)) return;
  throw invalidRequest(
    `You cannot ${action} a subscription schedule that is currently in the \`${schedule.status}\` status. It must be in either the \`not_started\` or \`active\` status.`,
  );
}

function liveSubscription(deps: Deps, schedule: SubscriptionSchedule): Subscription {
  const sub = subscriptionOfSchedule(deps, schedule);
  if (!sub) throw new Error(`schedule ${schedule.id} has no subscription`);
  return sub;
}

/**
 * `from_subscription`: the schedule takes over the subscription with one phase, its current item from
 * the current period's start to its end, and `end_behavior: release`.
 */
export function scheduleFromSubscription(deps: Deps, sub: Subscription): SubscriptionSchedule {
  if (sub.status === "canceled" || sub.status === "incomplete_expired") {
    throw invalidRequest(`You cannot migrate a subscription that is \`${sub.status}\` to a subscription schedule.`, { param: "from_subscription" });
  }
  if (sub.schedule) throw invalidRequest(`You cannot migrate a subscription that is already attached to a schedule: \`${sub.id}\``, { param: "from_subscription" });
  const item = sub.items.data[0];
  if (!item) throw invalidRequest(`Subscription ${sub.id} has no items to schedule.`, { param: "from_subscription" });
  const phase = buildPhase({
    start: item.current_period_start,
    end: item.current_period_end,
    priceId: item.price.id,
    quantity: item.quantity,
    currency: sub.currency,
    itemMetadata: {},
    metadata: {},
    prorationBehavior: "create_prorations",
  });
  const schedule = deps.store.insert(
    buildSchedule({
      id: newId("sub_sched"),
      now: deps.clock.now(),
      customer: sub.customer,
      subscription: sub.id,
      phases: [phase],
      defaultPaymentMethod: sub.default_payment_method,
      description: sub.description,
      testClock: sub.test_clock,
    }),
  );
  // A subscription already set to end at this period's end keeps that ending, now the schedule's.
  if (sub.cancel_at === item.current_period_end) schedule.end_behavior = "cancel";
  const previous = { schedule: sub.schedule };
  sub.schedule = schedule.id;
  deps.store.touch();
  deps.bus.emit("subscription_schedule.created", schedule);
  deps.bus.emit("customer.subscription.updated", sub, previous);
  return schedule;
}

/** end_behavior cancel puts the schedule's end on the subscription as `cancel_at`, as Stripe shows it. */
function syncCancelAt(deps: Deps, schedule: SubscriptionSchedule, sub: Subscription): void {
  const last = schedule.phases.at(-1);
  const cancelAt = schedule.end_behavior === "cancel" && last ? last.end_date : null;
  if (sub.cancel_at === cancelAt) return;
  const previous = { cancel_at: sub.cancel_at, canceled_at: sub.canceled_at, cancel_at_period_end: sub.cancel_at_period_end };
  sub.cancel_at = cancelAt;
  sub.canceled_at = cancelAt === null ? null : deps.clock.now();
  if (cancelAt === null) sub.cancel_at_period_end = false;
  deps.store.touch();
  deps.bus.emit("customer.subscription.updated", sub, previous);
}

export type ScheduleUpdate = {
  phases?: PhaseSpec[];
  endBehavior?: EndBehavior;
  metadata?: Metadata;
  /** Applies only when the update changes the current phase's item; a phase's own setting governs its start. */
  prorationBehavior: PhaseProrationBehavior;
};

export function updateSchedule(deps: Deps, schedule: SubscriptionSchedule, update: ScheduleUpdate): SubscriptionSchedule {
  refuseUnlessLive(schedule, "update");
  const sub = liveSubscription(deps, schedule);
  const now = deps.clock.now();
  const previous: Record<string, unknown> = {};
  if (update.phases) {
    const phases = resolvePhases(deps, schedule, sub, update.phases, now);
    previous["phases"] = structuredClone(schedule.phases);
    schedule.phases = phases;
    const current = phaseAt(schedule, now);
    if (current && current.end_date !== schedule.current_phase?.end_date) {
      previous["current_phase"] = structuredClone(schedule.current_phase);
      schedule.current_phase = { start_date: current.start_date, end_date: current.end_date };
    }
    if (current) enterPhase(deps, sub, current, update.prorationBehavior, now);
  }
  if (update.endBehavior && update.endBehavior !== schedule.end_behavior) {
    previous["end_behavior"] = schedule.end_behavior;
    schedule.end_behavior = update.endBehavior;
  }
  if (update.metadata) {
    previous["metadata"] = schedule.metadata;
    schedule.metadata = update.metadata;
  }
  syncCancelAt(deps, schedule, sub);
  deps.store.touch();
  deps.bus.emit("subscription_schedule.updated", schedule, previous);
  return schedule;
}

export function releaseSchedule(deps: Deps, schedule: SubscriptionSchedule, preserveCancelDate: boolean): SubscriptionSchedule {
  refuseUnlessLive(schedule, "release");
  releaseAt(deps, schedule, deps.clock.now(), preserveCancelDate);
  return schedule;
}

/** Cancels the schedule and, at once, its subscription (with Stripe's defaults: prorate and invoice now). */
export function cancelSchedule(deps: Deps, schedule: SubscriptionSchedule, options: CancelOptions): SubscriptionSchedule {
  refuseUnlessLive(schedule, "cancel");
  const sub = subscriptionOfSchedule(deps, schedule);
  // Closed first, so that ending the subscription does not report the schedule's end a second time.
  closeSchedule(schedule, "canceled", deps.clock.now());
  if (sub && sub.status !== "canceled" && sub.status !== "incomplete_expired") cancelNow(deps, sub, options);
  deps.store.touch();
  deps.bus.emit("subscription_schedule.canceled", schedule);
  return schedule;
}
