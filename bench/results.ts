import { writeFileSync } from "node:fs";
import { statusConcurrency, webhookConcurrency, type Arms, type BenchPlan, type RssFigures, type Sample, type StormFigures } from "./arms";
import type { BrowserFigures } from "./browser-arms";
import { consolePageLines, consolePageRows, type ConsolePageFigures } from "./console-pages";
import type { LighthouseRun } from "./lighthouse";
import { observabilityLines, observabilityRows, type ObservabilityFigures } from "./observability";
import { percentile } from "./load";
import type { PageJs } from "./page-js";
import { formatSpread, machine, spread, table, type Row } from "./report";

// bench/results.md, also printed: every figure against its floor and issue 9's target, then each
// arm per round, each Lighthouse run, each purchase and each storm, so a median can be checked
// against what it is the median of.

interface BenchFigures {
  quick: boolean;
  plan: BenchPlan;
  arms: Arms;
  storms: StormFigures[];
  pageJs: PageJs;
  rss: RssFigures;
  browser: BrowserFigures;
  consolePages: ConsolePageFigures;
  observability: ObservabilityFigures;
  postgresVersion: string;
  /** Heavy test runs seen on the machine at the start or the end of the bench. */
  sharedWith: string[];
}

const median = (samples: Sample[], pick: (s: Sample) => number): number => spread(samples.map(pick)).median;
const shown = (samples: Sample[], pick: (s: Sample) => number, digits: number): string => formatSpread(spread(samples.map(pick)), digits);
const ratio = (now: number, floor: number): number => (floor > 0 ? now / floor : Number.NaN);

/** Issue 19's subscription arms: each lifecycle's four events, in order or shuffled with copies. */
function subscriptionRows(arms: Arms): Row[] {
  return (["subscriptionsInOrder", "subscriptionsShuffled"] as const).flatMap((arm) => {
    const name = arm === "subscriptionsInOrder" ? "in order" : "each twice, shuffled";
    const rate = ratio(median(arms[arm], (s) => s.perSecond), median(arms.floor16, (s) => s.perSecond));
    const cpu = ratio(median(arms[arm], (s) => s.cpuMsPerRequest), median(arms.floor16, (s) => s.cpuMsPerRequest));
    return [
      { what: `subscription lifecycle events, ${name}, c=${webhookConcurrency}: events/s`, now: shown(arms[arm], (s) => s.perSecond, 0), floor: shown(arms.floor16, (s) => s.perSecond, 0), ratio: `${rate.toFixed(2)}×`, target: "≥ 0.45×", met: rate >= 0.45 },
      { what: `subscription lifecycle events, ${name}: server CPU-ms per event`, now: shown(arms[arm], (s) => s.cpuMsPerRequest, 2), floor: shown(arms.floor16, (s) => s.cpuMsPerRequest, 2), ratio: `${cpu.toFixed(2)}×`, target: "≤ 2.5×", met: cpu <= 2.5 },
    ];
  });
}

function rows(figures: BenchFigures): Row[] {
  const { plan, arms, storms, pageJs, rss } = figures;
  const { lighthouse, payTimes } = figures.browser;
  const webhookRate = ratio(median(arms.webhook, (s) => s.perSecond), median(arms.floor16, (s) => s.perSecond));
  const webhookCpu = ratio(median(arms.webhook, (s) => s.cpuMsPerRequest), median(arms.floor16, (s) => s.cpuMsPerRequest));
  const redeliveryRate = ratio(median(arms.redelivery, (s) => s.perSecond), median(arms.floor16, (s) => s.perSecond));
  const statusRate = ratio(median(arms.status, (s) => s.perSecond), median(arms.floor10, (s) => s.perSecond));
  const stormP99 = spread(storms.map((s) => s.webhookP99));
  const floorStormP99 = spread(storms.map((s) => s.floorP99));
  const maxCredits = Math.max(...storms.map((s) => s.credits));
  const minCredits = Math.min(...storms.map((s) => s.credits));
  const maxReads = Math.max(...storms.map((s) => s.stripeReads));
  const lighthouseOf = (name: string, pick: (run: LighthouseRun) => number) => spread((lighthouse.get(name) ?? []).map(pick));
  const scoreRow = (name: string, category: "performance" | "accessibility", target: number): Row => {
    const now = lighthouseOf(name, (run) => run[category]);
    return {
      what: `Lighthouse mobile ${category} of ${name} (median of ${plan.lighthouseRunsPerPage})`,
      now: formatSpread(now, 0),
      floor: formatSpread(lighthouseOf("floor page", (run) => run[category]), 0),
      ratio: "–",
      target: category === "performance" ? `≥ ${target}` : `= ${target}`,
      met: now.median >= target,
    };
  };
  const payP50 = percentile([...payTimes.pay].sort((a, b) => a - b), 50);
  const payP90 = percentile([...payTimes.pay].sort((a, b) => a - b), 90);
  const navigationP50 = percentile([...payTimes.navigation].sort((a, b) => a - b), 50);
  const navigationP90 = percentile([...payTimes.navigation].sort((a, b) => a - b), 90);

  return [
    {
      what: `webhook, distinct paid events, c=${webhookConcurrency}: req/s`,
      now: shown(arms.webhook, (s) => s.perSecond, 0),
      floor: shown(arms.floor16, (s) => s.perSecond, 0),
      ratio: `${webhookRate.toFixed(2)}×`,
      target: "≥ 0.35×",
      met: webhookRate >= 0.35,
    },
    {
      what: "webhook, distinct paid events: server CPU-ms per request",
      now: shown(arms.webhook, (s) => s.cpuMsPerRequest, 2),
      floor: shown(arms.floor16, (s) => s.cpuMsPerRequest, 2),
      ratio: `${webhookCpu.toFixed(2)}×`,
      target: "≤ 4×",
      met: webhookCpu <= 4,
    },
    ...subscriptionRows(arms),
    {
      what: `redelivery of a processed event, c=${webhookConcurrency}: req/s`,
      now: shown(arms.redelivery, (s) => s.perSecond, 0),
      floor: shown(arms.floor16, (s) => s.perSecond, 0),
      ratio: `${redeliveryRate.toFixed(2)}×`,
      target: "≥ 0.8×",
      met: redeliveryRate >= 0.8,
    },
    {
      what: `${plan.storm} parallel copies of one new event: p99 ms`,
      now: formatSpread(stormP99, 0),
      floor: formatSpread(floorStormP99, 0),
      ratio: `${ratio(stormP99.median, floorStormP99.median).toFixed(2)}×`,
      target: "≤ 2×",
      met: ratio(stormP99.median, floorStormP99.median) <= 2,
    },
    {
      what: "the same storm: credits (each storm)",
      now: minCredits === maxCredits ? String(maxCredits) : `${minCredits}–${maxCredits}`,
      floor: "–",
      ratio: "–",
      target: "= 1",
      met: minCredits === 1 && maxCredits === 1,
    },
    {
      what: "the same storm: Stripe reads of the session (most in any storm)",
      now: String(maxReads),
      floor: "–",
      ratio: "–",
      target: "≤ 2",
      met: maxReads <= 2,
    },
    {
      what: `status of a settled session, signed in, c=${statusConcurrency}: req/s`,
      now: shown(arms.status, (s) => s.perSecond, 0),
      floor: shown(arms.floor10, (s) => s.perSecond, 0),
      ratio: `${statusRate.toFixed(2)}×`,
      target: "≥ 0.7×",
      met: statusRate >= 0.7,
    },
    ...[...pageJs.pagesKb].map(([path, kb]) => ({
      what: `gzipped JS of ${path.split("?")[0]} (kB)`,
      now: kb.toFixed(1),
      floor: pageJs.floorPageKb.toFixed(1),
      ratio: `${kb - pageJs.floorPageKb >= 0 ? "+" : ""}${(kb - pageJs.floorPageKb).toFixed(1)} kB`,
      target: "≤ +8 kB",
      met: kb - pageJs.floorPageKb <= 8,
    })),
    {
      what: `server RSS after ${plan.rssRequests} webhooks vs ${plan.rssRequests} pings, fresh starts (MB)`,
      now: rss.afterWebhooks.toFixed(0),
      floor: rss.afterPings.toFixed(0),
      ratio: `${ratio(rss.afterWebhooks, rss.afterPings).toFixed(2)}×`,
      target: "≤ 1.3×",
      met: ratio(rss.afterWebhooks, rss.afterPings) <= 1.3,
    },
    scoreRow("/", "performance", 95),
    scoreRow("/", "accessibility", 100),
    scoreRow("/success", "performance", 95),
    scoreRow("/success", "accessibility", 100),
    {
      what: `click Pay → paid vs navigation to the floor page, p50 (p90) over ${plan.purchases} purchases, ms`,
      now: `${payP50.toFixed(0)} (${payP90.toFixed(0)})`,
      floor: `${navigationP50.toFixed(0)} (${navigationP90.toFixed(0)})`,
      ratio: `${ratio(payP50, navigationP50).toFixed(2)}× (${ratio(payP90, navigationP90).toFixed(2)}×)`,
      target: "p50 ≤ 1.3×",
      met: ratio(payP50, navigationP50) <= 1.3,
    },
    ...consolePageRows(figures.consolePages),
    ...observabilityRows(figures.observability),
  ];
}

function resultsMarkdown(figures: BenchFigures): string {
  const { quick, plan, arms, storms, sharedWith } = figures;
  const { lighthouse, payTimes } = figures.browser;
  const lighthouseLines = [...lighthouse].flatMap(([name, runs]) =>
    runs.map(
      (run, i) =>
        `| ${name} | ${i + 1} | ${run.performance} | ${run.accessibility} | ${run.fcp.toFixed(0)} | ${run.lcp.toFixed(0)} | ${run.tbt.toFixed(0)} | ${run.cls.toFixed(3)} | ${run.speedIndex.toFixed(0)} |`,
    ),
  );
  const latencyLines = Object.entries(arms).map(
    ([arm, samples]) =>
      `| ${arm} | ${shown(samples, (s) => s.perSecond, 0)} | ${shown(samples, (s) => s.p50, 1)} | ${shown(samples, (s) => s.p99, 1)} | ${shown(samples, (s) => s.cpuMsPerRequest, 2)} | ${shown(samples, (s) => s.rssMb, 0)} | ${samples.reduce((n, s) => n + s.failures, 0)} |`,
  );
  return [
    "# Benchmark results",
    "",
    `\`npm run bench${quick ? " -- --quick" : ""}\`, ${new Date().toISOString()}: ${plan.rounds} round(s) of ${plan.block} requests per arm, median (min–max) over rounds.`,
    "",
    ...machine(figures.postgresVersion).map((line) => `- ${line}`),
    sharedWith.length > 0
      ? `- **Taken under load**: these ran on the machine at the same time: ${sharedWith.map((l) => `\`${l.slice(0, 80)}\``).join(", ")}`
      : "- No test run shared the machine.",
    "",
    table(rows(figures)),
    "",
    "Every arm, per round (req/s, latency in ms, server CPU-ms per request, server RSS in MB at the block's end):",
    "",
    "| arm | req/s | p50 | p99 | CPU-ms/req | RSS | non-2xx |",
    "|---|---|---|---|---|---|---|",
    ...latencyLines,
    "",
    "Lighthouse, mobile preset (simulated throttling), each run (metrics in ms):",
    "",
    "| page | run | performance | accessibility | FCP | LCP | TBT | CLS | Speed Index |",
    "|---|---|---|---|---|---|---|---|---|",
    ...lighthouseLines,
    "",
    `Click Pay → paid, each purchase (ms): ${payTimes.pay.map((ms) => ms.toFixed(0)).join(", ")}. Navigation to the floor page from the same checkout page: ${payTimes.navigation.map((ms) => ms.toFixed(0)).join(", ")}.`,
    "",
    `Storms: ${storms.map((s, i) => `#${i + 1} p99 ${s.webhookP99.toFixed(0)} ms vs floor ${s.floorP99.toFixed(0)} ms, ${s.credits} credit(s), ${s.stripeReads} Stripe read(s), ${s.failures} non-2xx`).join("; ")}.`,
    "",
    ...consolePageLines(figures.consolePages),
    "",
    ...observabilityLines(figures.observability),
    "",
  ].join("\n");
}

export function writeResults(figures: BenchFigures): void {
  const results = resultsMarkdown(figures);
  console.log(`\n${results}`);
  writeFileSync("bench/results.md", results);
}
