import { performance } from "node:perf_hooks";

// The load generators. A closed loop of `concurrency` clients, each sending its next request as
// soon as the previous one is answered, finds what the server can take. An open loop sends at a
// set rate whatever the answers, as Stripe delivers events as they happen: the latency of a store
// running at a given share of what it can take.

export interface LoadFigures {
  requests: number;
  perSecond: number;
  p50: number;
  p99: number;
  /** Answers outside 2xx; a benchmark of failures would flatter the app. */
  failures: number;
}

export function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

function summary(count: number, start: number, latencies: number[], failures: number): LoadFigures {
  const wallMs = performance.now() - start;
  const sorted = latencies.sort((a, b) => a - b);
  return { requests: count, perSecond: (count / wallMs) * 1000, p50: percentile(sorted, 50), p99: percentile(sorted, 99), failures };
}

/** Sends request(i) for i in 0..count-1 through `concurrency` clients; reads every body. */
export async function load(count: number, concurrency: number, request: (index: number) => Promise<Response>): Promise<LoadFigures> {
  const latencies: number[] = [];
  let failures = 0;
  let next = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let index = next++; index < count; index = next++) {
        const sent = performance.now();
        const response = await request(index);
        await response.arrayBuffer();
        latencies.push(performance.now() - sent);
        if (!response.ok) failures += 1;
      }
    }),
  );
  return summary(count, start, latencies, failures);
}

/** Starts request(i) for i in 0..count-1 at `perSecond`, on schedule, without waiting for answers. */
export async function openLoad(count: number, perSecond: number, request: (index: number) => Promise<Response>): Promise<LoadFigures> {
  const latencies: number[] = [];
  let failures = 0;
  const start = performance.now();
  const sent: Promise<void>[] = [];
  for (let index = 0; index < count; index += 1) {
    const due = start + (index * 1000) / perSecond;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    sent.push(
      (async () => {
        const response = await request(index);
        await response.arrayBuffer();
        // From when it was due, not when it went out: a late start is the generator's queue, counted against the server.
        latencies.push(performance.now() - due);
        if (!response.ok) failures += 1;
      })(),
    );
  }
  await Promise.all(sent);
  return summary(count, start, latencies, failures);
}

let clientNumber = 0;
/** A new client address for X-Forwarded-For, so the API's per-IP limit applies per simulated client. */
export function nextClientIp(): string {
  clientNumber += 1;
  return `10.${200 + ((clientNumber >> 16) & 31)}.${(clientNumber >> 8) & 255}.${clientNumber & 255}`;
}
