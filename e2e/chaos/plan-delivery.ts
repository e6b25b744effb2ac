import fc from "fast-check";
import { handledEventTypes } from "@/lib/payments/webhook/handled-events";
import type Stripe from "stripe";
import { deliver } from "./deliverer";
import type { RecordedEvent } from "./events";
import { noteServerError } from "./plan-act-money";
import { pollStatus, runReconcile } from "./plan-http";
import type { RoundPlan } from "./plan-ops";
import type { BuyerModel, World } from "./plan-world";
import type { Schedule } from "./schedule";

// Stripe's side of a round, as rough as Stripe is: every event the round produced is delivered at
// least twice, shuffled, to instance A or B, many at once, while buyers take their turns and their
// success pages poll; some events are lost (never sent, or sent only once the reconcile cron is
// already running on both instances). Deliveries go on in waves until the storefront's own
// reactions (a canceled subscription, a refund) produce no more events.

const MAX_WAVES = 10;

/** Events Stripe made since the last look, oldest first; only the types the endpoint subscribes to. */
async function freshEvents(world: World): Promise<RecordedEvent[]> {
  const fresh: RecordedEvent[] = [];
  for await (const event of world.stack.sandbox.stripe.events.list({ created: { gte: world.listFrom }, limit: 100 })) {
    if (world.seen.has(event.id)) continue;
    world.seen.add(event.id);
    world.listFrom = Math.max(world.listFrom, event.created);
    if (handledEventTypes.has(event.type as Stripe.Event.Type)) fresh.push({ id: event.id, type: event.type, payload: JSON.stringify(event) });
  }
  return fresh.reverse();
}

// Unbiased, as in schedule.ts: fast-check's small-value bias would keep copies in order.
const copy = fc.record({ target: fc.integer({ min: 0, max: 1 }), order: fc.noBias(fc.integer({ min: 0, max: 1_000_000 })) });

function roughSchedule(g: fc.GeneratorValue, count: number): Schedule {
  const copies = g(() => fc.array(fc.array(copy, { minLength: 2, maxLength: 3 }), { minLength: count, maxLength: count }));
  const concurrency = g(() => fc.noBias(fc.integer({ min: 2, max: 16 })));
  const deliveries = copies
    .flatMap((list, event) => list.map((c) => ({ event, ...c })))
    .sort((a, b) => a.order - b.order)
    .map(({ event, target }) => ({ event, target }));
  return { deliveries, concurrency };
}

/** Splits events into those sent now and those lost; of the lost, some come back in a later round. */
function loseSome(world: World, g: fc.GeneratorValue, events: RecordedEvent[], plan: RoundPlan): RecordedEvent[] {
  if (plan.dropPercent === 0 || events.length === 0) return events;
  const rolls = g(() => fc.array(fc.record({ drop: fc.nat(99), late: fc.nat(99) }), { minLength: events.length, maxLength: events.length }));
  return events.filter((event, i) => {
    const roll = rolls[i];
    if (!roll || roll.drop >= plan.dropPercent) return true;
    world.figures.lost += 1;
    if (roll.late < plan.latePercent) {
      world.figures.late += 1;
      world.late.push(event.payload);
    }
    return false;
  });
}

async function send(world: World, g: fc.GeneratorValue, events: RecordedEvent[]): Promise<void> {
  if (events.length === 0) return;
  const { stack } = world;
  await deliver(
    events,
    roughSchedule(g, events.length),
    { stripe: stack.sandbox.stripe, secret: stack.sandbox.webhookSecret, targets: stack.apps.map((a) => `${a.url}/api/stripe/webhook`) },
    world.figures.delivery,
  );
  world.delivered.push(...events.map((e) => e.payload));
}

/** The success page of each checkout started this round, polled from either instance while its webhooks land. */
async function pollCheckouts(world: World, g: fc.GeneratorValue, polls: { model: BuyerModel; sessionId: string }[]): Promise<void> {
  const plan = g(() => fc.array(fc.record({ poll: fc.nat(Math.max(0, polls.length - 1)), app: fc.nat(1) }), { maxLength: polls.length * 2 }));
  await Promise.all(
    plan.map(async ({ poll, app: index }) => {
      const target = polls[poll];
      const app = world.stack.apps[index];
      if (!target || !app) return;
      const answer = await pollStatus(app, target.model.buyer, target.sessionId);
      noteServerError(world, `${app.name} status poll`, answer);
    }),
  );
}

/** Old events sent again, as parts of Stripe's retries would be. */
function replays(world: World, g: fc.GeneratorValue, count: number): RecordedEvent[] {
  if (count === 0 || world.delivered.length === 0) return [];
  const picks = g(() => fc.array(fc.nat(world.delivered.length - 1), { minLength: count, maxLength: count }));
  return toEvents(picks.map((i) => world.delivered[i] ?? "").filter((p) => p !== ""));
}

function toEvents(payloads: string[]): RecordedEvent[] {
  return payloads.map((payload) => {
    const { id, type } = JSON.parse(payload) as { id: string; type: string };
    return { id, type, payload };
  });
}

export async function reconcileBoth(world: World): Promise<void> {
  const answers = await Promise.all(world.stack.apps.map((app) => runReconcile(app, world.stack.cronSecret)));
  world.figures.reconciles += 1;
  answers.forEach((answer, i) => noteServerError(world, `${world.stack.apps[i]?.name ?? "an instance"} reconcile cron`, answer));
}

/** One wave: what Stripe made since the last look, less what is lost; answers whether anything was sent. */
async function wave(world: World, g: fc.GeneratorValue, plan: RoundPlan, extra: RecordedEvent[] = []): Promise<boolean> {
  const events = await freshEvents(world);
  const lostBefore = world.figures.lost;
  const sent = [...loseSome(world, g, events, plan), ...extra];
  if (world.figures.lost > lostBefore) world.unreconciled = true;
  await send(world, g, sent);
  return events.length + extra.length > 0;
}

/**
 * Delivers while the buyers take their turns, as Stripe does: a checkout's events reach the
 * storefront while the buyer is still on the 3-D Secure page, a plan change's while its own
 * answer is on the way back.
 */
export async function deliverDuring(world: World, g: fc.GeneratorValue, plan: RoundPlan, turns: Promise<void>): Promise<void> {
  let done = false;
  const finished = turns.finally(() => {
    done = true;
  });
  // A wave in flight when the turns end is finished before settling starts: checks must not race it.
  while (!done) {
    await wave(world, g, plan);
    if (!done) await Promise.race([sleep(150), finished]);
  }
  await finished;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Delivers what Stripe has to say until it has nothing more: lost events only before the cron
 * (lost means lost), then, if any were lost, the reconcile cron on both instances while the few
 * that were only late arrive, then whatever reconcile's own actions cause.
 */
export async function settle(world: World, g: fc.GeneratorValue, plan: RoundPlan, polls: { model: BuyerModel; sessionId: string }[]): Promise<void> {
  await Promise.all([wave(world, g, plan, replays(world, g, plan.replays)), pollCheckouts(world, g, polls)]);
  for (let waves = 1; waves < MAX_WAVES && (await wave(world, g, plan)); waves++);
  if (!world.unreconciled) return;
  world.unreconciled = false;
  await Promise.all([reconcileBoth(world), send(world, g, toEvents(world.late.splice(0)))]);
  for (let waves = 0; waves < MAX_WAVES && (await wave(world, g, { ...plan, dropPercent: 0 })); waves++);
}
