import fc from "fast-check";
import { emptyFigures, percentile } from "@/e2e/chaos/deliverer";
import { newEvents } from "@/e2e/chaos/events";
import { startStack } from "@/e2e/chaos/harness";
import { buyerScript, priceIds } from "@/e2e/chaos/purchases";
import { playRound, type Round } from "@/e2e/chaos/round";

// `npm run chaos [-- --seed N] [-- --deliveries N]`: the exactly-once property at scale. Rounds of
// buyers pay with no webhook delivered, then every event is delivered to two instances shuffled,
// duplicated and concurrently, until the target number of deliveries is reached. Prints the
// figures; exits 1 on any double or missed credit. Needs TEST_DATABASE_URL (or DATABASE_URL) and
// a production build (`npx next build`).
//
// `npm run chaos -- --plans [--seed N] [--operations N] [--buyers N]`: the plan lifecycle property
// instead (e2e/chaos/plan-chaos.ts), 3,000 operations by default.

function option(name: string): number | undefined {
  const index = process.argv.indexOf(`--${name}`);
  const value = index >= 0 ? process.argv[index + 1] : undefined;
  return value === undefined ? undefined : Number(value);
}

const seed = option("seed") ?? Math.floor(Math.random() * 2 ** 31);
const target = option("deliveries") ?? 10_000;
const buyersPerRound = 50;
process.env.TEST_DATABASE_URL ||= process.env.DATABASE_URL;

if (process.argv.includes("--plans")) {
  const { runPlanChaos } = await import("@/e2e/chaos/plan-chaos");
  process.exit(await runPlanChaos({ seed, operations: option("operations") ?? 3_000, buyers: option("buyers") ?? 30 }));
}

console.log(`chaos: seed ${seed} (replay with --seed ${seed}), target ${target} deliveries`);
const started = Date.now();
const stack = await startStack({ sandboxDelivers: false });
const stop = async (code: number): Promise<never> => {
  await stack.stop();
  process.exit(code);
};

try {
  const round: Round = {
    stack,
    store: { apps: stack.apps, sandbox: stack.sandbox, priceId: await priceIds(stack.sandbox) },
    seenEvents: new Set(),
    figures: emptyFigures(),
  };
  await newEvents(stack.sandbox.stripe, round.seenEvents);
  let doubleCredits = 0;
  let missedCredits = 0;
  const problems: string[] = [];

  for (let number = 0; round.figures.deliveries < target; number++) {
    await fc.assert(
      fc.asyncProperty(fc.array(buyerScript({ refunds: true }), { minLength: buyersPerRound, maxLength: buyersPerRound }), fc.gen(), async (scripts, g) => {
        const { verdict } = await playRound(round, scripts, g);
        doubleCredits += verdict.doubleCredits;
        missedCredits += verdict.missedCredits;
        problems.push(...verdict.problems);
      }),
      { seed: seed + number, numRuns: 1 },
    );
    console.log(`round ${number + 1}: ${round.figures.deliveries} deliveries so far, ${problems.length} problems`);
  }

  const { figures } = round;
  console.log(
    [
      `seed                 ${seed}`,
      `deliveries           ${figures.deliveries}`,
      `duplicates           ${figures.duplicates}`,
      `requests (retries)   ${figures.attempts}`,
      `max in flight        ${figures.maxInFlight}`,
      `5xx answers          ${figures.serverErrors}`,
      `other failures       ${figures.otherFailures}`,
      `gave up              ${figures.gaveUp}`,
      `double credits       ${doubleCredits}`,
      `missed credits       ${missedCredits}`,
      `webhook answer p50   ${percentile(figures.latenciesMs, 50).toFixed(0)} ms`,
      `webhook answer p99   ${percentile(figures.latenciesMs, 99).toFixed(0)} ms`,
      `wall time            ${((Date.now() - started) / 1000).toFixed(0)} s`,
    ].join("\n"),
  );
  for (const problem of problems.slice(0, 20)) console.log(`  ${problem}`);
  await stop(doubleCredits + missedCredits + problems.length + figures.gaveUp > 0 ? 1 : 0);
} catch (error) {
  console.error(error);
  await stop(2);
}
