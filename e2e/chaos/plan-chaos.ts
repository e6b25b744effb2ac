import fc from "fast-check";
import { startStack } from "./harness";
import { describeCoverage, readCoverage } from "./plan-coverage";
import { scenario } from "./plan-ops";
import { createWorld, describeViolations, playScenario } from "./plan-run";
import { describeFigures } from "./plan-world";

// `npm run chaos -- --plans [--seed N] [--operations N] [--buyers N]`: the plan lifecycle property
// at scale, one long scenario with a random seed. Prints the figures and what the run went
// through, every violation by invariant, and answers the exit code: 1 on any violation or
// delivery given up, 2 if the run itself broke.

interface PlanChaosOptions {
  seed: number;
  operations: number;
  buyers: number;
}

export async function runPlanChaos(options: PlanChaosOptions): Promise<number> {
  const rounds = Math.ceil(options.operations / options.buyers);
  console.log(`chaos --plans: seed ${options.seed} (replay with --plans --seed ${options.seed}), ${options.buyers} buyers × ${rounds} rounds`);
  const started = Date.now();
  const stack = await startStack({ sandboxDelivers: false });
  try {
    const world = await createWorld(stack, options.buyers);
    await fc.assert(
      fc.asyncProperty(scenario(options.buyers, rounds), fc.gen(), async (generated, g) => {
        let printed = 0;
        await playScenario(world, generated, g, {
          stopAtViolation: false,
          onRound: (round, w) => {
            if (w.figures.violations.length > printed) console.log(describeViolations(w.figures.violations.slice(printed), 5));
            printed = w.figures.violations.length;
            if ((round + 1) % 10 === 0 || round + 1 === rounds) {
              console.log(`round ${round + 1}/${rounds}: ${w.figures.operations} operations, ${w.figures.delivery.deliveries} deliveries, ${w.figures.violations.length} violations`);
            }
          },
        });
      }),
      { seed: options.seed, numRuns: 1 },
    );
    const { figures } = world;
    console.log([`seed                 ${options.seed}`, ...describeFigures(figures, (Date.now() - started) / 1000), ...describeCoverage(await readCoverage(world))].join("\n"));
    if (figures.violations.length > 0) console.log(describeViolations(figures.violations));
    return figures.violations.length + figures.delivery.gaveUp > 0 ? 1 : 0;
  } catch (error) {
    console.error(error);
    return 2;
  } finally {
    await stack.stop();
  }
}
