import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { percentile } from "./deliverer";
import { startStack, type Stack } from "./harness";
import { describeCoverage, readCoverage } from "./plan-coverage";
import { scenario } from "./plan-ops";
import { createWorld, describeViolations, playScenario } from "./plan-run";
import { replayable } from "./property";
import { skipWithoutPostgres } from "@/test-support/required-services";

// The plan lifecycle property (README, Guarantees): buyers subscribe, change plans, buy Lifetime,
// renew, fail renewals, cancel, get refunds and chargebacks, with every webhook duplicated,
// shuffled and concurrent across two instances and some lost until the reconcile cron runs; after
// every round each buyer's plan, allowance, credits and coins are checked against Stripe's record.
// Seed-fixed here; `npm run chaos -- --plans` plays 3,000+ operations with a random seed.

const BUYERS = 12;
const ROUNDS = 25;

describe.skipIf(skipWithoutPostgres("the plan lifecycle chaos property"))("plans over their whole life against Stripe's record", () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack({ sandboxDelivers: false });
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it("keeps every buyer's plan, allowance, Lifetime credit and coins equal to what Stripe says, through 300 random operations", async () => {
    const world = await createWorld(stack, BUYERS);
    await fc.assert(
      fc.asyncProperty(scenario(BUYERS, ROUNDS), fc.gen(), async (generated, g) => {
        const violations = await playScenario(world, generated, g, { stopAtViolation: true });
        expect(violations, describeViolations(violations)).toEqual([]);
      }),
      { ...replayable(20261206), numRuns: 1 },
    );
    const { figures } = world;
    console.info(
      `plan property: ${figures.operations} operations, ${figures.advances} clock advances, ${figures.delivery.deliveries} deliveries ` +
        `(${figures.delivery.duplicates} duplicates), ${figures.lost} lost, ${figures.reconciles} reconciles, ` +
        `p50 ${percentile(figures.delivery.latenciesMs, 50).toFixed(0)} ms, p99 ${percentile(figures.delivery.latenciesMs, 99).toFixed(0)} ms\n` +
        describeCoverage(await readCoverage(world)).join("\n"),
    );
    expect(figures.operations).toBeGreaterThanOrEqual(BUYERS * ROUNDS);
    expect(figures.delivery.gaveUp).toBe(0);
  }, 600_000);
});
