import { execFile, spawn } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { GET as metricsRoute } from "@/app/api/metrics/route";
import {
  recordCheckoutCreated,
  recordCoinsCredited,
  recordDispute,
  recordPayment,
  recordReconcileRun,
  recordRefund,
  recordStripeRequest,
  recordWebhookEvent,
} from "@/lib/observability/metrics";
import { skipWithout } from "@/test-support/required-services";

// The alert rules, their unit tests and the scrape config checked by Prometheus's own promtool
// (Debian's prometheus package; .ci/run installs it), and a real scrape of /api/metrics linted by it.

const here = path.dirname(new URL(import.meta.url).pathname);
const run = promisify(execFile);

async function promtoolMissing(): Promise<boolean> {
  return run("promtool", ["--version"]).then(
    () => false,
    () => true,
  );
}
const missing = await promtoolMissing();
const HOW = "install Debian's prometheus package (apt-get install prometheus), as .ci/run does";

/** promtool with `input` on its standard input: its exit code and everything it printed. */
function promtool(args: string[], input?: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn("promtool", args, { cwd: here });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, output }));
    child.stdin.end(input ?? "");
  });
}

async function scrape(): Promise<string> {
  process.env.METRICS_TOKEN = "rules-test-metrics-token-0123";
  const response = await metricsRoute(new Request("http://app.test/api/metrics", { headers: { authorization: `Bearer ${process.env.METRICS_TOKEN}` } }), undefined);
  expect(response.status).toBe(200);
  return response.text();
}

describe("the Prometheus alert rules", () => {
  it("are valid rules, and every rule has a promtool unit test that passes", async ({ skip }) => {
    if (skipWithout("promtool", missing, "ops/prometheus/rules.test.ts", HOW)) skip("no promtool");
    expect(await promtool(["check", "rules", "alerts.yml"])).toMatchObject({ code: 0 });
    const tested = await promtool(["test", "rules", "alerts.test.yml"]);
    expect(tested.output).toContain("SUCCESS");
    expect(tested.code).toBe(0);

    const rules = [...(await readFile(path.join(here, "alerts.yml"), "utf8")).matchAll(/^\s+- alert: (\w+)$/gm)].map((match) => match[1]);
    const tests = await readFile(path.join(here, "alerts.test.yml"), "utf8");
    expect(rules).toHaveLength(7);
    for (const rule of rules) {
      const cases = [...tests.matchAll(new RegExp(`alertname: ${rule}\\n\\s+exp_alerts:(.*)`, "g"))].map((match) => match[1]?.trim());
      expect(cases, `${rule} fires in a test`).toContain("");
      expect(cases, `${rule} stays quiet in a test`).toContain("[]");
    }
    // The week-long payment stories take promtool a few CPU seconds.
  }, 120_000);

  it("scrape every instance with the bearer token from a file, in a config promtool accepts", async ({ skip }) => {
    if (skipWithout("promtool", missing, "ops/prometheus/rules.test.ts", HOW)) skip("no promtool");
    // promtool checks that the token file exists: point the config at a scratch copy of one.
    const scratch = await mkdtemp(path.join(tmpdir(), "prometheus-config-"));
    try {
      const config = await readFile(path.join(here, "prometheus.yml"), "utf8");
      expect(config).toMatch(/credentials_file: \/etc\/prometheus\/storefront-metrics-token/);
      await writeFile(path.join(scratch, "token"), "rules-test-metrics-token-0123\n");
      await writeFile(path.join(scratch, "prometheus.yml"), config.replace("/etc/prometheus/storefront-metrics-token", path.join(scratch, "token")));
      await writeFile(path.join(scratch, "alerts.yml"), await readFile(path.join(here, "alerts.yml"), "utf8"));
      const checked = await promtool(["check", "config", path.join(scratch, "prometheus.yml")]);
      expect(checked.output).toContain("SUCCESS: 7 rules found");
      expect(checked.code).toBe(0);
    } finally {
      await rm(scratch, { recursive: true, force: true });
    }
  });
});

describe("a real scrape of /api/metrics", () => {
  it("passes promtool's metrics lint with a sample of every storefront figure", async ({ skip }) => {
    if (skipWithout("promtool", missing, "ops/prometheus/rules.test.ts", HOW)) skip("no promtool");
    recordWebhookEvent("checkout.session.completed", "processed", 0.02);
    recordStripeRequest("POST /v1/checkout/sessions", "ok", 0.3);
    recordCheckoutCreated("small_pack");
    recordPayment("small_pack", "paid");
    recordCoinsCredited(200);
    recordRefund();
    recordDispute();
    recordReconcileRun(1);
    const linted = await promtool(["check", "metrics"], await scrape());
    // prom-client's own Node gauges keep the names every Node dashboard knows them by.
    const promClientNames = /^storefront_nodejs_active_(handles|requests|resources)_total non-counter metrics should not have "_total" suffix$/;
    expect(linted.output.split("\n").filter((line) => line && !promClientNames.test(line))).toEqual([]);
  });

  it("serves every storefront_ figure the alert rules and the dashboard read", async () => {
    const served = new Set([...(await scrape()).matchAll(/^# TYPE (\w+) (\w+)$/gm)].flatMap(([, name = "", type]) => (type === "histogram" ? [`${name}_bucket`, `${name}_count`, `${name}_sum`] : [name])));
    const read = [await readFile(path.join(here, "alerts.yml"), "utf8"), await readFile(path.join(here, "../grafana/storefront.json"), "utf8")].join("\n");
    const names = new Set(read.match(/\bstorefront_[a-z0-9_]+/g));
    expect(names.size).toBeGreaterThan(15);
    for (const name of names) expect(served, `${name} is served`).toContain(name);
  });
});
