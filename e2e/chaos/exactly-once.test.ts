import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { emptyFigures, percentile } from "./deliverer";
import { newEvents } from "./events";
import { startStack, type Stack } from "./harness";
import { replayable } from "./property";
import { buyerScript, priceIds } from "./purchases";
import { playRound, type Round } from "./round";
import { skipWithoutPostgres } from "@/test-support/required-services";


describe.skipIf(skipWithoutPostgres("the exactly-once chaos suite"))("exactly-once crediting with webhooks delivered out of order, twice and concurrently to two instances", () => {
  let stack: Stack;
  let round: Round;

  beforeAll(async () => {
    stack = await startStack({ sandboxDelivers: false });
    const priceId = await priceIds(stack.sandbox);
    round = { stack, store: { apps: stack.apps, sandbox: stack.sandbox, priceId }, seenEvents: new Set(), figures: emptyFigures() };
    await newEvents(stack.sandbox.stripe, round.seenEvents);
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it("gives every buyer exactly the coins and plan they paid for, whatever order and how often the events arrive", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(buyerScript({ refunds: true }), { minLength: 20, maxLength: 20 }), fc.gen(), async (scripts, g) => {
        const { verdict } = await playRound(round, scripts, g);
        expect(verdict.problems, verdict.problems.join("\n")).toEqual([]);
      }),
      { ...replayable(20261124), numRuns: 3 },
    );
    const { figures } = round;
    console.info(
      `chaos property: ${figures.deliveries} deliveries (${figures.duplicates} duplicates), ${figures.attempts} requests, ` +
        `max ${figures.maxInFlight} in flight, ${figures.serverErrors} 5xx, p50 ${percentile(figures.latenciesMs, 50).toFixed(0)} ms, ` +
        `p99 ${percentile(figures.latenciesMs, 99).toFixed(0)} ms`,
    );
    expect(figures.gaveUp).toBe(0);
    expect(figures.deliveries).toBeGreaterThanOrEqual(2_000);
  });
});
