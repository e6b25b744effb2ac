import type Stripe from "stripe";
import { stripe } from "@/lib/stripe-gateway/client";
import { call, idOf, write } from "@/lib/stripe-gateway/calls";

// A downgrade at the period end, as Stripe's own portal makes it: a subscription schedule keeps
// the price paid for until the period ends, then bills the lower one (stripe-facts.md §8). The
// subscription's price does not change until then, so an upgrade meanwhile is prorated from what
// was actually paid.

async function scheduleOf(subscription: Stripe.Subscription): Promise<Stripe.SubscriptionSchedule | null> {
  const scheduleId = idOf(subscription.schedule);
  if (!scheduleId) return null;
  const schedule = await call(() => stripe().subscriptionSchedules.retrieve(scheduleId));
  return schedule.status === "active" || schedule.status === "not_started" ? schedule : null;
}

/** Bills `priceId` from the end of the current period; today's price until then. */
export async function scheduleLowerPrice(subscription: Stripe.Subscription, priceId: string, attempt: string): Promise<void> {
  const item = subscription.items.data[0];
  if (!item) throw new Error(`subscription ${subscription.id} has no item`);
  const schedule =
    (await scheduleOf(subscription)) ??
    (await write(`schedule:${attempt}`, (idempotencyKey) => stripe().subscriptionSchedules.create({ from_subscription: subscription.id }, { idempotencyKey })));
  const start = schedule.current_phase?.start_date ?? item.current_period_start;
  await write(`schedule-phases:${attempt}`, (idempotencyKey) =>
    stripe().subscriptionSchedules.update(
      schedule.id,
      {
        end_behavior: "release",
        phases: [
          { start_date: start, end_date: item.current_period_end, items: [{ price: item.price.id, quantity: 1 }] },
          { items: [{ price: priceId, quantity: 1 }] },
        ],
      },
      { idempotencyKey },
    ),
  );
}

/** Drops a scheduled change: the subscription carries on alone at the price it has. */
export async function releaseSchedule(subscription: Stripe.Subscription): Promise<void> {
  const schedule = await scheduleOf(subscription);
  if (schedule) await call(() => stripe().subscriptionSchedules.release(schedule.id));
}

/** The price a subscription's schedule will bill after the current period, if one is scheduled. */
export async function scheduledPrice(subscription: Stripe.Subscription): Promise<string | null> {
  const schedule = await scheduleOf(subscription);
  const periodEnd = subscription.items.data[0]?.current_period_end ?? 0;
  const next = schedule?.phases.find((phase) => phase.start_date >= periodEnd);
  return idOf(next?.items[0]?.price) ?? null;
}
