import type fc from "fast-check";
import type { Stack } from "./harness";
import type { Scenario } from "./plan-ops";
import { playRound } from "./plan-round";
import { rememberPrices } from "./plan-truth";
import { emptyPlanFigures, invariantNames, type BuyerModel, type Violation, type World } from "./plan-world";
import { priceIds } from "./purchases";
import { signUp } from "./storefront";

// The plan lifecycle property from start to end: buyers signed up on a running stack, then the
// generated rounds played one after another. The test stops at the first round with a violation;
// `npm run chaos -- --plans` plays on and counts them.

export async function createWorld(stack: Stack, buyers: number): Promise<World> {
  const { sandbox } = stack;
  rememberPrices((await sandbox.stripe.prices.list({ limit: 100 })).data);
  const models: BuyerModel[] = [];
  for (let index = 0; index < buyers; index++) {
    const buyer = await signUp(stack.apps[index % 2] ?? stack.apps[0]);
    models.push({ index, buyer, packs: [], lifetimes: [], coinsSpent: 0, allowance: { source: null, renewal: null, used: 0 }, refundsToFail: [] });
  }
  const world: World = {
    stack,
    priceId: await priceIds(sandbox),
    buyers: models,
    figures: emptyPlanFigures(),
    seen: new Set(),
    listFrom: 0,
    late: [],
    unreconciled: false,
    delivered: [],
    round: 0,
    reported: new Set(),
  };
  // What the setup made (prices, products) is not the property's to deliver.
  for await (const event of sandbox.stripe.events.list({ limit: 100 })) {
    world.seen.add(event.id);
    world.listFrom = Math.max(world.listFrom, event.created);
  }
  return world;
}

export function describeViolations(violations: Violation[], limit = 20): string {
  return violations
    .slice(0, limit)
    .map((v) => `round ${v.round}, ${invariantNames[v.invariant]}: ${v.message}`)
    .join("\n");
}

interface PlayOptions {
  /** Stop at the end of the first round that found a violation. */
  stopAtViolation: boolean;
  onRound?: (round: number, world: World) => void;
}

export async function playScenario(world: World, scenario: Scenario, g: fc.GeneratorValue, options: PlayOptions): Promise<Violation[]> {
  const found: Violation[] = [];
  for (let round = 0; round < scenario.rounds.length; round++) {
    found.push(...(await playRound(world, scenario, round, g)));
    options.onRound?.(round, world);
    if (options.stopAtViolation && found.length > 0) break;
  }
  return found;
}
