import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { availableParallelism } from "node:os";

// What `npm run bench` prints and writes to bench/results.md: each figure against its floor and
// issue 9's target, and the machine it was taken on (figures mean nothing without it).

export interface Spread {
  min: number;
  median: number;
  max: number;
}

export function spread(values: readonly number[]): Spread {
  const sorted = [...values].sort((a, b) => a - b);
  return { min: sorted[0] ?? 0, median: sorted[Math.floor((sorted.length - 1) / 2)] ?? 0, max: sorted[sorted.length - 1] ?? 0 };
}

export interface Row {
  what: string;
  now: string;
  floor: string;
  ratio: string;
  target: string;
  met: boolean | undefined;
}

export function formatSpread(s: Spread, digits: number): string {
  return s.min === s.max ? s.median.toFixed(digits) : `${s.median.toFixed(digits)} (${s.min.toFixed(digits)}–${s.max.toFixed(digits)})`;
}

/** Whatever heavy test run shares the machine, since it would skew every figure. */
export function competingLoad(): string[] {
  try {
    return execFileSync("pgrep", ["-af", "playwright test|ci/run"]).toString().trim().split("\n").filter(Boolean);
  } catch {
    // pgrep exits 1 when nothing matches.
    return [];
  }
}

export function machine(postgresVersion: string): string[] {
  const cpu = /^model name\s*:\s*(.+)$/m.exec(readFileSync("/proc/cpuinfo", "utf8"))?.[1] ?? "unknown";
  const next = (JSON.parse(readFileSync("node_modules/next/package.json", "utf8")) as { version: string }).version;
  return [`${availableParallelism()} cores (nproc), ${cpu}`, `node ${process.version}, next ${next}, PostgreSQL ${postgresVersion}`];
}

export function table(rows: readonly Row[]): string {
  const lines = ["| measure | now | floor | ratio | target | met? |", "|---|---|---|---|---|---|"];
  for (const row of rows) {
    const met = row.met === undefined ? "not measured yet" : row.met ? "yes" : "**no**";
    lines.push(`| ${row.what} | ${row.now} | ${row.floor} | ${row.ratio} | ${row.target} | ${met} |`);
  }
  return lines.join("\n");
}
