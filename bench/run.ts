import { databaseServerUrl } from "@/e2e/chaos/harness";
import { measureRounds, measureRss, warmUp, type BenchPlan } from "./arms";
import { measureInBrowser } from "./browser-arms";
import { measureConsolePages, printConsolePagesOnly } from "./console-pages";
import { measureObservability, observabilityEvents, printObservability } from "./observability";
import { measurePageJs } from "./page-js";
import { preparePayments } from "./paid-checkouts";
import { prepareLifecycles } from "./subscription-events";
import { competingLoad } from "./report";
import { writeResults } from "./results";
import { benchBuildIsStale, buildForBench } from "./server";
import { startStack } from "./stack";

// `npm run bench [-- --quick] [-- --no-build] [-- --console-only | --observability-only]`: the production server
// (`next start` on a build that also holds a floor route and page), PostgreSQL and the Stripe
// sandbox as separate processes, measured over HTTP against the floor: what this server costs for
// doing nothing.

const quick = process.argv.includes("--quick");
// Simulated throttling scales what Lighthouse observes on a busy 2-core machine: five runs steady the median.
const plan: BenchPlan = quick
  ? { rounds: 1, block: 100, warm: 30, storm: 500, rssRequests: 200, subscriptions: 40, lighthouseRunsPerPage: 1, purchases: 5 }
  : { rounds: 3, block: 300, warm: 100, storm: 500, rssRequests: 1000, subscriptions: 100, lighthouseRunsPerPage: 5, purchases: 15 };

const loadAtStart = competingLoad();
// --no-build measures whatever bench build there is; otherwise it is rebuilt when out of date.
if (!process.argv.includes("--no-build") && benchBuildIsStale()) buildForBench();

const stack = await startStack(databaseServerUrl() ?? "postgresql://postgres@127.0.0.1:5432/test");
// The console pages' arm alone (bench/console-pages.ts), printed and not written to results.md.
if (process.argv.includes("--console-only")) {
  await printConsolePagesOnly(stack, plan);
  await stack.stop();
  process.exit(0);
}
const server = await stack.startServer();
// The observability arm's servers take distinct events too: two warm-ups of their own, then its blocks.
const observabilityDistinct = 2 * plan.warm + observabilityEvents(plan);
if (process.argv.includes("--observability-only")) {
  const prepared = await preparePayments(stack, server, { distinct: observabilityDistinct, storms: 0 });
  await server.app.stop();
  printObservability(await measureObservability(stack, prepared, plan));
  await stack.stop();
  process.exit(0);
}
const payments = await preparePayments(stack, server, {
  distinct: plan.warm + plan.rounds * plan.block + plan.rssRequests + observabilityDistinct,
  storms: plan.rounds,
});

console.log("preparing subscription lifecycles …");
const lifecycles = await prepareLifecycles(stack, server, 2 * plan.rounds * plan.subscriptions);
const perRound = (offset: number) => Array.from({ length: plan.rounds }, (_, round) => lifecycles.slice((2 * round + offset) * plan.subscriptions, (2 * round + offset + 1) * plan.subscriptions));

await warmUp(stack, server, payments, plan);
const { arms, storms } = await measureRounds(stack, server, payments, plan, { inOrder: perRound(0), shuffled: perRound(1) });
const pageJs = await measurePageJs(server, payments);
const browser = await measureInBrowser(stack, server, payments, plan);
// After the arms that share the first server, since it restarts the server twice.
const rss = await measureRss(stack, server, payments, plan);
// Two servers of its own, started after the others stopped.
const observability = await measureObservability(stack, payments, plan);
// A busy year in a database of its own, on a server of its own.
const consolePages = await measureConsolePages(stack, plan);

const postgresVersion = await stack.postgresVersion();
const loadAtEnd = competingLoad();
await stack.stop();

writeResults({ quick, plan, arms, storms, pageJs, rss, browser, consolePages, observability, postgresVersion, sharedWith: [...new Set([...loadAtStart, ...loadAtEnd])] });
