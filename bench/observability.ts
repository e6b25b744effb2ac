import { performance } from "node:perf_hooks";
import { webhookConcurrency, type BenchPlan } from "./arms";
import { load, nextClientIp, openLoad, percentile, type LoadFigures } from "./load";
import { nth, type PreparedPayments } from "./paid-checkouts";
import { formatSpread, spread, table, type Row } from "./report";
import { cpuMs } from "./server";
import type { Server, Stack } from "./stack";

// Issue 21's overhead: what watching the store costs. The same build runs twice at once, as a
// store runs it (metrics counted for a scraper, a JSON log line per request at info) and with both
// off (no METRICS_TOKEN: nothing is counted; LOG_LEVEL=silent). Each round sends a block of
// distinct paid events to one, then to the other, in turn, and compares the server CPU each
// event cost; only the server being measured has work, so the idle one costs the other nothing.
// Then Prometheus's scrape of /api/metrics, timed while the observed server takes webhooks: a
// scrape that waited behind the load would leave gaps in every graph and alert. "Under load" is
// webhooks arriving at LOAD_SHARE of the rate this server was measured to take (the closed loop
// of the CPU rounds): the open loop Stripe delivers in, at the headroom a store is run with. At
// saturation (the closed loop itself) every request waits its turn on the one event loop, the
// scrape as long as the webhooks themselves; that figure is printed beside it, not targeted.

const SCRAPE_EVERY_MS = 50;
const LOAD_SHARE = 0.5;

export interface ObservabilityFigures {
  /** Server CPU-ms per webhook event, one per round, each server. */
  cpuMsObserved: number[];
  cpuMsUnobserved: number[];
  /** Webhooks per second the observed server took in the closed loop, one per round. */
  capacity: number[];
  underLoad: ScrapesDuring;
  atSaturation: ScrapesDuring;
  eventsPerBlock: number;
}

interface ScrapesDuring {
  /** Every scrape's time (ms), and how many did not answer 200. */
  ms: number[];
  failures: number;
  webhooks: LoadFigures;
}

/** The distinct events the arm delivers: a block per server per round, two under load, one at saturation. */
export function observabilityEvents(plan: BenchPlan): number {
  return (2 * plan.rounds + 3) * plan.block;
}

async function cpuMsPerEvent(stack: Stack, server: Server, events: string[]): Promise<{ cpuMs: number; perSecond: number }> {
  const before = cpuMs(server.pids);
  const figures = await load(events.length, webhookConcurrency, (i) => stack.sendEvent(server, nth(events, i)));
  if (figures.failures > 0) console.warn(`  ${figures.failures} of ${events.length} webhooks were not 2xx`);
  return { cpuMs: (cpuMs(server.pids) - before) / events.length, perSecond: figures.perSecond };
}

/** Scrapes every SCRAPE_EVERY_MS, one at a time, while `webhooks` are delivered. */
async function scrapesDuring(stack: Stack, server: Server, webhooks: Promise<LoadFigures>): Promise<ScrapesDuring> {
  let finished = false;
  void webhooks.finally(() => (finished = true));
  const ms: number[] = [];
  let failures = 0;
  while (!finished) {
    const sent = performance.now();
    const response = await fetch(`${server.app.url}/api/metrics`, {
      headers: { authorization: `Bearer ${stack.metricsToken}`, "x-forwarded-for": nextClientIp() },
    });
    await response.arrayBuffer();
    ms.push(performance.now() - sent);
    if (response.status !== 200) failures += 1;
    await new Promise((resolve) => setTimeout(resolve, SCRAPE_EVERY_MS));
  }
  return { ms, failures, webhooks: await webhooks };
}

/** Starts both servers, measures them round by round, then the scrapes; stops both. */
export async function measureObservability(stack: Stack, payments: PreparedPayments, plan: BenchPlan): Promise<ObservabilityFigures> {
  console.log("observability overhead: the same build with metrics and logs on, and off …");
  const observed = await stack.startServer();
  const unobserved = await stack.startServer({ METRICS_TOKEN: undefined, LOG_LEVEL: "silent" });
  try {
    const warm = payments.takeDistinct(2 * plan.warm);
    await load(plan.warm, webhookConcurrency, (i) => stack.sendEvent(observed, nth(warm, i)));
    await load(plan.warm, webhookConcurrency, (i) => stack.sendEvent(unobserved, nth(warm, plan.warm + i)));

    const cpuMsObserved: number[] = [];
    const cpuMsUnobserved: number[] = [];
    const capacity: number[] = [];
    for (let round = 0; round < plan.rounds; round += 1) {
      console.log(`observability overhead, round ${round + 1} of ${plan.rounds} …`);
      // Which server goes first alternates, so a machine that slows down within a round weighs on both alike.
      const order = round % 2 === 0 ? [observed, unobserved] : [unobserved, observed];
      for (const server of order) {
        const block = await cpuMsPerEvent(stack, server, payments.takeDistinct(plan.block));
        if (server === unobserved) cpuMsUnobserved.push(block.cpuMs);
        else {
          cpuMsObserved.push(block.cpuMs);
          capacity.push(block.perSecond);
        }
      }
    }

    const rate = LOAD_SHARE * spread(capacity).median;
    console.log(`observability: scrapes while webhooks arrive at ${rate.toFixed(0)}/s, then at saturation …`);
    const underLoadEvents = payments.takeDistinct(2 * plan.block);
    const underLoad = await scrapesDuring(stack, observed, openLoad(underLoadEvents.length, rate, (i) => stack.sendEvent(observed, nth(underLoadEvents, i))));
    const saturationEvents = payments.takeDistinct(plan.block);
    const atSaturation = await scrapesDuring(stack, observed, load(saturationEvents.length, webhookConcurrency, (i) => stack.sendEvent(observed, nth(saturationEvents, i))));
    return { cpuMsObserved, cpuMsUnobserved, capacity, underLoad, atSaturation, eventsPerBlock: plan.block };
  } finally {
    await Promise.all([observed.app.stop(), unobserved.app.stop()]);
  }
}

const sortedMs = (scrapes: ScrapesDuring) => [...scrapes.ms].sort((a, b) => a - b);

/** Observed CPU per event against unobserved (≤ 1.05×), and the scrapes' p99 under load (< 50 ms). */
export function observabilityRows(figures: ObservabilityFigures): Row[] {
  const observed = spread(figures.cpuMsObserved);
  const unobserved = spread(figures.cpuMsUnobserved);
  const ratio = observed.median / unobserved.median;
  const { underLoad } = figures;
  const sorted = sortedMs(underLoad);
  const p99 = percentile(sorted, 99);
  return [
    {
      what: `webhook, distinct paid events, c=${webhookConcurrency}: server CPU-ms per event, metrics and logs on vs off`,
      now: formatSpread(observed, 2),
      floor: formatSpread(unobserved, 2),
      ratio: `${ratio.toFixed(3)}×`,
      target: "≤ 1.05×",
      met: ratio <= 1.05,
    },
    {
      what: `GET /api/metrics every ${SCRAPE_EVERY_MS} ms while webhooks arrive at ${(LOAD_SHARE * 100).toFixed(0)} % of the rate the server takes (${underLoad.webhooks.perSecond.toFixed(0)}/s): p99 ms (${sorted.length} scrapes, ${underLoad.failures} not 200)`,
      now: p99.toFixed(1),
      floor: "–",
      ratio: "–",
      target: "< 50 ms",
      met: p99 < 50 && underLoad.failures === 0,
    },
  ];
}

function scrapeSpread(scrapes: ScrapesDuring): string {
  const sorted = sortedMs(scrapes);
  return `scrapes p50 ${percentile(sorted, 50).toFixed(1)}, p99 ${percentile(sorted, 99).toFixed(1)}, max ${(sorted[sorted.length - 1] ?? 0).toFixed(1)} (${sorted.length}); webhooks p50 ${scrapes.webhooks.p50.toFixed(1)}, p99 ${scrapes.webhooks.p99.toFixed(1)}`;
}

/** Each round's CPU per event on both servers, and the scrapes' spread under load and at saturation. */
export function observabilityLines(figures: ObservabilityFigures): string[] {
  const rounds = figures.cpuMsObserved.map((observed, i) => `${observed.toFixed(2)} vs ${(figures.cpuMsUnobserved[i] ?? Number.NaN).toFixed(2)}`);
  return [
    `Observability overhead, ${figures.eventsPerBlock} distinct webhooks per server per round, server CPU-ms per event on vs off: ${rounds.join("; ")}; ` +
      `the observed server took ${figures.capacity.map((perSecond) => perSecond.toFixed(0)).join(", ")} webhooks/s at c=${webhookConcurrency}. ` +
      `Under load (${figures.underLoad.webhooks.perSecond.toFixed(0)} webhooks/s, open loop), ms: ${scrapeSpread(figures.underLoad)}. ` +
      `At saturation (c=${webhookConcurrency}, closed loop, for reference), ms: ${scrapeSpread(figures.atSaturation)}.`,
  ];
}

/** `npm run bench -- --observability-only`: this arm alone, printed; bench/results.md is left as it is. */
export function printObservability(figures: ObservabilityFigures): void {
  console.log(`\n${table(observabilityRows(figures))}\n\n${observabilityLines(figures).join("\n")}`);
}
