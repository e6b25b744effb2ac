import type fc from "fast-check";
import { readAppViews, planInForce } from "./plan-app-state";
import { spend } from "./plan-act-money";
import { takeTurn } from "./plan-act";
import { deliverDuring, settle } from "./plan-delivery";
import { creditsByFormula, allowanceOncePerPeriod, coinsAsPaid } from "./plan-ledger-checks";
import { nothingAfterLifetime, oneSubscription, refundsWithinCharges, samePlan } from "./plan-invariants";
import type { Scenario } from "./plan-ops";
import { advanceClock, setDunningEnding, settleProcessingDebits } from "./plan-stripe-side";
import { readStripeRecord } from "./plan-truth";
import type { BuyerModel, Violation, World } from "./plan-world";

// One lock-step round of the plan property. Every buyer takes a turn at once (each on instance A
// or B) while Stripe delivers what the turns cause, then time may pass on the sandbox's clock for
// everyone (renewals, dunning retries, period-end changes) and Stripe delivers that too; after
// each settles, every buyer is checked against Stripe's record. Time passes only between turns,
// so no buyer acts while a renewal runs.

const PARALLEL_TURNS = 6;
const PARALLEL_READS = 4;
const DAY = 24 * 3600;
/** Past the whole days: Stripe charges a renewal an hour after the period ends. */
const RENEWAL_CHARGE_MARGIN = 2 * 3600;

async function inParallel<T>(items: readonly T[], parallel: number, act: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  async function worker(): Promise<void> {
    for (let index = next++; index < items.length; index = next++) {
      const item = items[index];
      if (item !== undefined) await act(item);
    }
  }
  await Promise.all(Array.from({ length: parallel }, worker));
}

function appFor(world: World, model: BuyerModel, salt: number) {
  return world.stack.apps[(model.index + salt) % 2] ?? world.stack.apps[0];
}

async function disputeClosings(world: World): Promise<Map<string, number>> {
  const closed = new Map<string, number>();
  for await (const event of world.stack.sandbox.stripe.events.list({ type: "charge.dispute.closed", limit: 100 })) {
    const id = (event.data.object as { id: string }).id;
    closed.set(id, Math.min(closed.get(id) ?? Infinity, event.created));
  }
  return closed;
}

/** Every invariant for every buyer, against Stripe's record as it is now. */
export async function checkAll(world: World): Promise<Violation[]> {
  const views = await readAppViews(world.stack.database.pool, world.buyers.map((m) => m.buyer.id));
  const closedAt = await disputeClosings(world);
  const violations: Violation[] = [];
  await inParallel(world.buyers, PARALLEL_READS, async (model) => {
    const who = `buyer ${model.index} (${model.buyer.email})`;
    const record = await readStripeRecord(world.stack.sandbox.stripe, model.buyer.email);
    const view = views.get(model.buyer.id);
    const findings = [
      ...oneSubscription(who, record),
      ...samePlan(who, record, view),
      ...refundsWithinCharges(who, record),
      ...nothingAfterLifetime(who, record, closedAt),
      ...creditsByFormula(who, model, record, view),
      ...allowanceOncePerPeriod(who, model, record, view),
      ...coinsAsPaid(who, model, record, view),
    ];
    violations.push(...findings.map((f) => ({ ...f, round: world.round })));
  });
  return violations;
}

export async function playRound(world: World, scenario: Scenario, round: number, g: fc.GeneratorValue): Promise<Violation[]> {
  world.round = round;
  const plan = scenario.rounds[round];
  if (!plan) throw new Error(`the scenario has no round ${round}`);
  const { sandbox, database } = world.stack;
  const errorsBefore = world.figures.violations.length;
  if (plan.dunningEnding) await setDunningEnding(sandbox, plan.dunningEnding);

  const views = await readAppViews(database.pool, world.buyers.map((m) => m.buyer.id));
  const polls: { model: BuyerModel; sessionId: string }[] = [];
  const turns = inParallel(world.buyers, PARALLEL_TURNS, async (model) => {
    const op = scenario.buyers[model.index]?.[round];
    if (!op) return;
    const sessions = await takeTurn(world, model, views.get(model.buyer.id), appFor(world, model, round), op);
    polls.push(...sessions.map((sessionId) => ({ model, sessionId })));
  });
  await deliverDuring(world, g, plan, turns);
  await settle(world, g, plan, polls);
  if (plan.advanceDays === 0) return recordFindings(world, errorsBefore);

  // Checked before time passes too: the allowance model must see this round's new plans before
  // the uses below are counted against them.
  const beforeAdvance = await recordFindings(world, errorsBefore);
  const afterCheck = world.figures.violations.length;
  // A use of the allowance just before time passes, so that a renewal's reset shows.
  const current = await readAppViews(database.pool, world.buyers.map((m) => m.buyer.id));
  await inParallel(world.buyers, PARALLEL_TURNS, async (model) => {
    if (planInForce(current.get(model.buyer.id))) await spend(world, model, appFor(world, model, round + 1), 1);
  });
  await advanceClock(sandbox, plan.advanceDays * DAY + RENEWAL_CHARGE_MARGIN);
  world.figures.advances += 1;
  const customers = [...current.values()].flatMap((v) => (v.stripeCustomerId ? [v.stripeCustomerId] : []));
  await settleProcessingDebits(sandbox, customers, plan.renewalDebits);
  await settle(world, g, plan, []);
  return [...beforeAdvance, ...(await recordFindings(world, afterCheck))];
}

/**
 * This round's violations: those noted while it ran (since `from`) and what a check finds now
 * that no earlier check found (a wrong state found once stays wrong, and counts once).
 */
async function recordFindings(world: World, from: number): Promise<Violation[]> {
  const fresh = (await checkAll(world)).filter((v) => !world.reported.has(`${v.invariant} ${v.message}`));
  for (const v of fresh) world.reported.add(`${v.invariant} ${v.message}`);
  const found = [...world.figures.violations.slice(from), ...fresh];
  world.figures.violations.splice(from, Infinity, ...found);
  return found;
}
