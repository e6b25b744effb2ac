import type { Deps } from "../core/deps";
import type { Metadata } from "../core/types";
import { invalidRequest } from "../http/errors";
import type { Price, Recurring } from "../objects/price";
import type { Subscription } from "../objects/subscription";
import { buildPhase, type PhaseProrationBehavior, type SchedulePhase, type SubscriptionSchedule } from "../objects/subscription-schedule";
import { addInterval } from "./periods";
import { changePlan, switchablePrice } from "./plan-change";

/** One phase of an update as the request gives it; dates are resolved against the schedule here. */
export type PhaseSpec = {
  start?: number | "now";
  end?: number | "now";
  duration?: Pick<Recurring, "interval" | "interval_count">;
  price: string;
  quantity?: number;
  itemMetadata: Metadata;
  metadata: Metadata;
  prorationBehavior?: PhaseProrationBehavior;
  currency?: string;
};

function resolve(value: number | "now", now: number): number {
  return value === "now" ? now : value;
}

function phaseFrom(deps: Deps, sub: Subscription, spec: PhaseSpec, index: number, start: number, now: number): SchedulePhase {
  const param = `phases[${index}]`;
  if (spec.end !== undefined && spec.duration) throw invalidRequest("You may only specify one of these parameters: duration, end_date.", { param: `${param}[duration]` });
  if (spec.currency !== undefined && spec.currency !== sub.currency) {
    throw invalidRequest(`The phase currency ${spec.currency} does not match the subscription's currency ${sub.currency}.`, { param: `${param}[currency]` });
  }
  const price = switchablePrice(deps, sub, spec.price, `${param}[items][0][price]`);
  const interval = spec.duration ?? price.recurring ?? { interval: "month", interval_count: 1 };
  // Without an end, a phase lasts one interval of its price, as the removed `iterations=1` default did.
  const end = spec.end !== undefined ? resolve(spec.end, now) : addInterval(start, interval);
  if (end <= start) throw invalidRequest(`The end_date of phase ${index} must be after its start_date (${start}).`, { param: `${param}[end_date]` });
  return buildPhase({
    start,
    end,
    priceId: price.id,
    quantity: spec.quantity ?? 1,
    currency: sub.currency,
    itemMetadata: spec.itemMetadata,
    metadata: spec.metadata,
    prorationBehavior: spec.prorationBehavior ?? "create_prorations",
  });
}

/**
 * The schedule's phases after an update. The first phase anchors the dates with its `start_date`, each
 * later one starts where the one before ends, and an active schedule's update must begin with its
 * current phase (Stripe's own refusals below). Phases that have already ended can't be sent again, and
 * are kept as they were.
 */
export function resolvePhases(deps: Deps, schedule: SubscriptionSchedule, sub: Subscription, specs: PhaseSpec[], now: number): SchedulePhase[] {
  const [first] = specs;
  if (!first) throw invalidRequest("A subscription schedule needs at least one phase.", { param: "phases" });
  if (first.start === undefined) {
    throw invalidRequest("The subscription schedule update is missing at least one phase with a `start_date` to anchor end dates to.", { param: "phases" });
  }
  let start = resolve(first.start, now);
  const phases = specs.map((spec, index) => {
    if (index > 0 && spec.start !== undefined && resolve(spec.start, now) !== start) {
      throw invalidRequest(`The start_date of phase ${index} must equal the end_date of phase ${index - 1} (${start}): phases are contiguous.`, {
        param: `phases[${index}][start_date]`,
      });
    }
    const phase = phaseFrom(deps, sub, spec, index, start, now);
    start = phase.end_date;
    return phase;
  });
  const current = schedule.current_phase;
  if (!current) return phases;
  if (phases.some((p) => p.end_date <= now)) throw invalidRequest("You can not update a phase that has already ended.", { param: "phases" });
  if (phases[0]?.start_date !== current.start_date) throw invalidRequest("You can not modify the start date of the current phase.", { param: "phases[0][start_date]" });
  return [...schedule.phases.filter((p) => p.end_date <= current.start_date), ...phases];
}

/**
 * Puts the subscription on a phase's item at `at`: the current phase changed by an update, or the next
 * phase at its start. The change runs through the plan-change path, so it prorates as a direct update
 * would, and at a period end (nothing left to prorate) it is a plain price swap before the renewal bills it.
 */
export function enterPhase(deps: Deps, sub: Subscription, phase: SchedulePhase, prorationBehavior: PhaseProrationBehavior, at: number): void {
  if (Object.keys(phase.metadata).length > 0) {
    // Stripe: a phase's metadata is added to the subscription's when the phase is entered.
    const previous = { metadata: sub.metadata };
    sub.metadata = { ...sub.metadata, ...phase.metadata };
    deps.store.touch();
    deps.bus.emit("customer.subscription.updated", sub, previous);
  }
  const item = sub.items.data[0];
  const target = phase.items[0];
  if (!item || !target || (item.price.id === target.price && item.quantity === target.quantity)) return;
  const price = deps.store.get<Price>("price", target.price);
  if (!price) return;
  const behaviour = at >= item.current_period_end ? "none" : prorationBehavior;
  changePlan(deps, sub, { itemId: item.id, price, quantity: target.quantity }, { prorationBehavior: behaviour, prorationDate: at, paymentBehavior: "allow_incomplete" });
}
