import { launch } from "chrome-launcher";
import lighthouse from "lighthouse";
import { nextClientIp } from "./load";

// Lighthouse's mobile preset (its default config: a phone screen, simulated slow 4G and a 4×
// slower CPU) against the running bench server, with Debian's Chromium. Pages are run in turn,
// round after round, so a machine that slows down mid-run slows every page alike.

export interface LighthousePage {
  name: string;
  url: string;
  /** The buyer's session cookie: the pages are measured as a signed-in buyer sees them. */
  cookie: string;
}

export interface LighthouseRun {
  /** Category scores, 0–100. */
  performance: number;
  accessibility: number;
  /** The metrics the performance score is made of, in ms (CLS unitless). */
  fcp: number;
  lcp: number;
  tbt: number;
  cls: number;
  speedIndex: number;
}

const chromeFlags = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"];

function score(value: number | null | undefined): number {
  return Math.round((value ?? 0) * 100);
}

/** Runs every page `runs` times; the answer holds each page's runs by name, in order. */
export async function lighthouseRuns(pages: readonly LighthousePage[], runs: number): Promise<Map<string, LighthouseRun[]>> {
  const chrome = await launch({ chromePath: process.env.CHROME_PATH ?? "/usr/bin/chromium", chromeFlags, logLevel: "error" });
  const results = new Map<string, LighthouseRun[]>(pages.map((page) => [page.name, []]));
  try {
    for (let run = 0; run < runs; run += 1) {
      for (const page of pages) {
        const answer = await lighthouse(page.url, {
          port: chrome.port,
          logLevel: "error",
          output: "json",
          onlyCategories: ["performance", "accessibility"],
          // A client address per run: the app's per-IP limits must not throttle the pages' own requests.
          extraHeaders: { cookie: page.cookie, "x-forwarded-for": nextClientIp() },
        });
        if (!answer) throw new Error(`Lighthouse returned nothing for ${page.name}`);
        const { categories, audits, runtimeError } = answer.lhr;
        if (runtimeError) throw new Error(`Lighthouse on ${page.name}: ${runtimeError.code} ${runtimeError.message}`);
        const metric = (id: string): number => audits[id]?.numericValue ?? Number.NaN;
        results.get(page.name)?.push({
          performance: score(categories.performance?.score),
          accessibility: score(categories.accessibility?.score),
          fcp: metric("first-contentful-paint"),
          lcp: metric("largest-contentful-paint"),
          tbt: metric("total-blocking-time"),
          cls: metric("cumulative-layout-shift"),
          speedIndex: metric("speed-index"),
        });
      }
    }
  } finally {
    chrome.kill();
  }
  return results;
}
