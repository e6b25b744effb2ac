import type { ChaosDatabase } from "@/e2e/chaos/database";
import { runScript } from "@/e2e/chaos/processes";
import { signUp } from "@/e2e/chaos/storefront";
import { disconnectDatabase } from "@/lib/db";
import { BUSY_YEAR, fillBusyStore } from "@/test-support/busy-store";
import type { BenchPlan } from "./arms";
import { load, nextClientIp, type LoadFigures } from "./load";
import { formatSpread, spread, table, type Row } from "./report";
import { cpuMs } from "./server";
import type { Server, Stack } from "./stack";

// Issue 20's speed: the console's overview and a purchase search, rendered for a signed-in
// operator on a store after a busy year (100,000 purchases, 1,000,000 events), against the floor
// page rendered for the same operator. One request at a time, so the time to the whole page is
// the server's time to render it (its database reads included), not a queue; the three pages are
// measured in turn within each round, so a machine that slows down slows them all alike.

const PAGES = {
  floor: "/bench-floor-page",
  overview: "/admin",
  // The purchases page's search by email (another part of the console); not measured while that
  // page does not exist yet.
  search: "/admin/purchases?q=bulk-buyer-42@example.com",
} as const;

type Page = keyof typeof PAGES;

interface PageSample extends LoadFigures {
  cpuMsPerRequest: number;
}

export interface ConsolePageFigures {
  /** Each measured page's samples, one per round; a page left out was not there to measure. */
  samples: Partial<Record<Page, PageSample[]>>;
  requestsPerRound: number;
}

/** A database holding a busy year and nothing else, filled as lib/admin/console-query-plans.test.ts fills its own. */
async function aBusyStore(stack: Stack): Promise<ChaosDatabase> {
  const database = await stack.anotherDatabase();
  const ownUrl = process.env.DATABASE_URL;
  process.env.DATABASE_URL = database.url;
  try {
    await fillBusyStore(BUSY_YEAR);
  } finally {
    await disconnectDatabase();
    if (ownUrl === undefined) delete process.env.DATABASE_URL;
    else process.env.DATABASE_URL = ownUrl;
  }
  return database;
}

/** A new account made an operator as the owner makes one, with `npm run admin -- grant`. */
async function signInAnOperator(database: ChaosDatabase, server: Server): Promise<string> {
  const operator = await signUp(server.app);
  await runScript(["--import", "tsx", "scripts/admin.ts", "grant", operator.email], { ...process.env, DATABASE_URL: database.url });
  return operator.cookie;
}

function fetchPage(server: Server, cookie: string, page: Page): Promise<Response> {
  return fetch(`${server.app.url}${PAGES[page]}`, { headers: { cookie, "x-forwarded-for": nextClientIp() } });
}

async function measuredPage(server: Server, cookie: string, page: Page, requests: number): Promise<PageSample> {
  const cpuBefore = cpuMs(server.pids);
  const figures = await load(requests, 1, () => fetchPage(server, cookie, page));
  if (figures.failures > 0) console.warn(`  ${PAGES[page]}: ${figures.failures} of ${requests} answers were not 2xx`);
  return { ...figures, cpuMsPerRequest: (cpuMs(server.pids) - cpuBefore) / requests };
}

/**
 * Fills a database of its own with a busy year, starts a server on it, signs an operator in, then
 * measures the pages in rounds. Stops the server it started. Not the other arms' database: what
 * they leave (thousands of purchases and events from the last few minutes) would make a store
 * whose "today" outweighs its busiest day, and the figures would depend on which arms ran first.
 */
export async function measureConsolePages(stack: Stack, plan: BenchPlan): Promise<ConsolePageFigures> {
  console.log(`console pages: filling a busy year's store (${BUSY_YEAR.purchases.toLocaleString("en")} purchases, ${BUSY_YEAR.events.toLocaleString("en")} events) …`);
  const database = await aBusyStore(stack);
  const server = await stack.startServer({ DATABASE_URL: database.url });
  try {
    const cookie = await signInAnOperator(database, server);
    const overview = await fetchPage(server, cookie, "overview");
    if (overview.status !== 200) throw new Error(`the overview answered ${overview.status} to the operator`);
    await overview.arrayBuffer();
    const pages: Page[] = ["floor", "overview", "search"];

    const requests = Math.max(20, Math.round(plan.block / 5));
    // A fresh server compiles each page's code on its first renders: those are not measured.
    for (const page of pages) await load(requests, 1, () => fetchPage(server, cookie, page));
    const samples: ConsolePageFigures["samples"] = {};
    for (let round = 0; round < plan.rounds; round += 1) {
      console.log(`console pages, round ${round + 1} of ${plan.rounds} …`);
      for (const page of pages) (samples[page] ??= []).push(await measuredPage(server, cookie, page, requests));
    }
    return { samples, requestsPerRound: requests };
  } finally {
    await server.app.stop();
  }
}

const medianOf = (samples: PageSample[] | undefined, pick: (sample: PageSample) => number) => spread((samples ?? []).map(pick));

/** Each console page's p50 against the floor page's (server CPU per render is in the lines below the table). */
export function consolePageRows({ samples }: ConsolePageFigures): Row[] {
  const floorP50 = medianOf(samples.floor, (s) => s.p50);
  return (["overview", "search"] as const).map((page): Row => {
    const measured = samples[page];
    const what = `${PAGES[page]} on ${BUSY_YEAR.purchases.toLocaleString("en")} purchases, as an operator, c=1: p50 ms`;
    if (!measured) return { what, now: "–", floor: formatSpread(floorP50, 1), ratio: "–", target: "≤ 2×", met: undefined };
    const p50 = medianOf(measured, (s) => s.p50);
    const ratio = floorP50.median > 0 ? p50.median / floorP50.median : Number.NaN;
    return { what, now: formatSpread(p50, 1), floor: formatSpread(floorP50, 1), ratio: `${ratio.toFixed(2)}×`, target: "≤ 2×", met: ratio <= 2 };
  });
}

/** Every measured page per round (p50 and p99 in ms, CPU-ms per render). */
export function consolePageLines({ samples, requestsPerRound }: ConsolePageFigures): string[] {
  return [
    `Console pages, ${requestsPerRound} renders per page per round, one at a time (p50 / p99 ms, server CPU-ms per render): ${Object.entries(samples)
      .map(([page, each]) => `${PAGES[page as Page]} ${each.map((s) => `${s.p50.toFixed(1)} / ${s.p99.toFixed(1)} / ${s.cpuMsPerRequest.toFixed(1)}`).join("; ")}`)
      .join(" · ")}.`,
  ];
}

/** `npm run bench -- --console-only`: this arm alone, printed; bench/results.md is left as it is. */
export async function printConsolePagesOnly(stack: Stack, plan: BenchPlan): Promise<void> {
  const figures = await measureConsolePages(stack, plan);
  console.log(`\n${table(consolePageRows(figures))}\n\n${consolePageLines(figures).join("\n")}`);
}
