import type { Deps } from "../core/deps";
import { invalidRequest, missingParam, resourceMissing } from "../http/errors";
import { applyMetadata, freshMetadata, type Params } from "../http/params";
import type { Customer } from "../objects/customer";
import type { SubscriptionSchedule } from "../objects/subscription-schedule";
import type { PhaseSpec } from "../billing/schedule-phases";
import { cancelSchedule, releaseSchedule, scheduleFromSubscription, updateSchedule } from "../billing/schedules";
import { depsFor } from "../billing/time";
import { getSubscription } from "./billing";
import { createdFilter, LIST_PARAMS, paginate, rangeFilter } from "./lists";
import type { ApiRouter } from "./types";

function getSchedule(deps: Deps, id: string): SubscriptionSchedule {
  const schedule = deps.store.get<SubscriptionSchedule>("subscription_schedule", id);
  if (!schedule) throw resourceMissing("subscription_schedule", id);
  return schedule;
}

function dateParam(p: Params, key: string): number | "now" | undefined {
  return p.string(key) === "now" ? "now" : p.int(key);
}

const PRORATION = ["create_prorations", "always_invoice", "none"] as const;
const INTERVALS = ["day", "week", "month", "year"] as const;

function phaseSpec(phase: Params, index: number): PhaseSpec {
  const param = `phases[${index}]`;
  phase.allowOnly(["items", "start_date", "end_date", "duration", "proration_behavior", "metadata", "currency"]);
  const items = phase.objects("items");
  if (!items || items.length === 0) throw missingParam(`${param}[items]`);
  const [item] = items;
  if (!item || items.length > 1) throw invalidRequest("The sandbox's subscriptions have one item, so each phase takes exactly one.", { param: `${param}[items]` });
  item.allowOnly(["price", "plan", "quantity", "metadata"]);
  const price = item.string("price") ?? item.string("plan");
  if (!price) throw missingParam(`${param}[items][0][price]`);
  const duration = phase.object("duration")?.allowOnly(["interval", "interval_count"]);
  const interval = duration?.oneOf("interval", INTERVALS);
  if (duration && !interval) throw missingParam(`${param}[duration][interval]`);
  return {
    start: dateParam(phase, "start_date"),
    end: dateParam(phase, "end_date"),
    duration: interval ? { interval, interval_count: duration?.int("interval_count") ?? 1 } : undefined,
    price,
    quantity: item.int("quantity"),
    itemMetadata: freshMetadata(item.metadata()),
    metadata: freshMetadata(phase.metadata()),
    prorationBehavior: phase.oneOf("proration_behavior", PRORATION),
    currency: phase.string("currency"),
  };
}

/** Stripe's `end_behavior` values; the sandbox runs the two its docs describe. */
function endBehavior(p: Params): "release" | "cancel" | undefined {
  const value = p.oneOf("end_behavior", ["release", "cancel", "none", "renew"] as const);
  if (value === "none" || value === "renew") throw invalidRequest("The sandbox models end_behavior release and cancel only.", { param: "end_behavior" });
  return value;
}

const CREATE_PARAMS = ["from_subscription", "customer", "customer_account", "phases", "start_date", "end_behavior", "default_settings", "metadata", "billing_mode"];

export function registerSubscriptionSchedules(router: ApiRouter): void {
  router.add("POST", "/v1/subscription_schedules", (deps, req) => {
    const p = req.params.allowOnly(CREATE_PARAMS);
    const from = p.string("from_subscription");
    if (!from) throw invalidRequest("The sandbox creates subscription schedules from an existing subscription only; pass from_subscription.", { param: "from_subscription" });
    // Stripe takes nothing else with from_subscription: the phases come from the subscription, and an update changes them.
    const extra = Object.keys(p.raw).find((key) => key !== "from_subscription" && key !== "expand");
    if (extra) throw invalidRequest(`You cannot set \`${extra}\` when \`from_subscription\` is set. Update the schedule after creating it.`, { param: extra });
    const sub = getSubscription(deps, from, "from_subscription");
    return scheduleFromSubscription(depsFor(deps, sub.customer), sub);
  });

  router.add("GET", "/v1/subscription_schedules/:id", (deps, req) => getSchedule(deps, req.path.get("id")));

  router.add("POST", "/v1/subscription_schedules/:id", (deps, req) => {
    const p = req.params.allowOnly(["phases", "end_behavior", "metadata", "proration_behavior"]);
    const schedule = getSchedule(deps, req.path.get("id"));
    const phases = p.objects("phases")?.map(phaseSpec);
    const metadata = p.raw["metadata"] === undefined ? undefined : applyMetadata(schedule.metadata, p.metadata());
    return updateSchedule(depsFor(deps, schedule.customer), schedule, {
      ...(phases ? { phases } : {}),
      ...(metadata ? { metadata } : {}),
      endBehavior: endBehavior(p),
      prorationBehavior: p.oneOf("proration_behavior", PRORATION) ?? "create_prorations",
    });
  });

  router.add("POST", "/v1/subscription_schedules/:id/release", (deps, req) => {
    const p = req.params.allowOnly(["preserve_cancel_date"]);
    const schedule = getSchedule(deps, req.path.get("id"));
    return releaseSchedule(depsFor(deps, schedule.customer), schedule, p.bool("preserve_cancel_date") ?? false);
  });

  router.add("POST", "/v1/subscription_schedules/:id/cancel", (deps, req) => {
    const p = req.params.allowOnly(["invoice_now", "prorate"]);
    const schedule = getSchedule(deps, req.path.get("id"));
    // Unlike DELETE /v1/subscriptions, both default to true here (Stripe's API reference).
    return cancelSchedule(depsFor(deps, schedule.customer), schedule, { invoiceNow: p.bool("invoice_now") ?? true, prorate: p.bool("prorate") ?? true });
  });

  router.add("GET", "/v1/subscription_schedules", (deps, req) => {
    const p = req.params.allowOnly([...LIST_PARAMS, "customer", "customer_account", "scheduled", "created", "canceled_at", "completed_at", "released_at"]);
    const customer = p.string("customer");
    const scheduled = p.bool("scheduled");
    const onClock = (id: string): boolean => typeof deps.store.get<Customer>("customer", id)?.["test_clock"] === "string";
    const filters = [createdFilter(p), rangeFilter(p, "canceled_at"), rangeFilter(p, "completed_at"), rangeFilter(p, "released_at")];
    const items = deps.store
      .list<SubscriptionSchedule>("subscription_schedule")
      // As for subscriptions, schedules of test-clock customers are listed only when asked for by customer.
      .filter((s) => (customer ? s.customer === customer : !onClock(s.customer)))
      .filter((s) => scheduled === undefined || (s.status === "not_started") === scheduled)
      .filter((s) => filters.every((keep) => keep(s)));
    return paginate(items, p, "/v1/subscription_schedules");
  });
}
