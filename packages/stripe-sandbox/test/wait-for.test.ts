import { spawn, type ChildProcess } from "node:child_process";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import Stripe from "stripe";
import { afterEach, describe, expect, it } from "vitest";

// `serve --wait-for URL`, as `npm run dev` starts it: the sandbox is up and taking API calls before the
// app listens. Until the app answers, its events must wait silently; then they must arrive in the order
// they happened, signed like any delivery, and from then on failures must be logged and retried as usual.

const PACKAGE = fileURLToPath(new URL("..", import.meta.url));
const SECRET = "whsec_wait_for_test_secret";
const verifier = new Stripe("sk_test_x");

type Serve = { child: ChildProcess; stdout(): string; stderr(): string; waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpExecArray> };

const started: ChildProcess[] = [];
const servers: Server[] = [];

afterEach(async () => {
  await Promise.all(
    started.splice(0).map(async (child) => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await exited;
    }),
  );
  for (const server of servers.splice(0)) server.closeAllConnections();
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
});

function serve(args: string[]): Serve {
  const child = spawn(process.execPath, ["--import", "tsx", "src/cli.ts", "serve", ...args], { cwd: PACKAGE, stdio: ["ignore", "pipe", "pipe"] });
  started.push(child);
  let out = "";
  let err = "";
  child.stdout?.setEncoding("utf8").on("data", (chunk: string) => (out += chunk));
  child.stderr?.setEncoding("utf8").on("data", (chunk: string) => (err += chunk));
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    async waitFor(pattern, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const match = pattern.exec(out);
        if (match) return match;
        if (Date.now() > deadline || child.exitCode !== null) throw new Error(`serve did not print ${pattern}\nstdout:\n${out}\nstderr:\n${err}`);
        await sleep(25);
      }
    },
  };
}

/** A port nothing listens on yet: the app that is "still starting". */
async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

type Arrival = { method: string; event: Stripe.Event | null; error: string | null };

/** The app, arriving late: verifies each delivery with the real SDK and answers `status(event)`. */
async function startApp(port: number, status: (event: Stripe.Event) => number = () => 200): Promise<Arrival[]> {
  const arrivals: Arrival[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      if (req.method !== "POST") {
        arrivals.push({ method: req.method ?? "", event: null, error: null });
        return void res.writeHead(204).end();
      }
      try {
        const event = verifier.webhooks.constructEvent(Buffer.concat(chunks).toString("utf8"), req.headers["stripe-signature"] ?? "", SECRET);
        arrivals.push({ method: "POST", event, error: null });
        res.writeHead(status(event)).end();
      } catch (error) {
        arrivals.push({ method: "POST", event: null, error: error instanceof Error ? error.message : String(error) });
        res.writeHead(400).end();
      }
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  return arrivals;
}

async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(25);
  }
}

function sdk(sandboxUrl: string): Stripe {
  const { port } = new URL(sandboxUrl);
  return new Stripe("sk_test_wait_for", { host: "127.0.0.1", port: Number(port), protocol: "http", maxNetworkRetries: 0 });
}

const READY = /^Stripe sandbox ready on (http:\/\/127\.0\.0\.1:\d+) /m;

describe("serve --wait-for", () => {
  it("holds deliveries silently while nothing listens, then delivers them in order, signed, once the URL answers", async () => {
    const appPort = await freePort();
    const webhook = `http://127.0.0.1:${appPort}/api/stripe/webhook`;
    const sandbox = serve(["--port", "0", "--webhook-secret", SECRET, "--forward-to", webhook, "--wait-for", webhook, "--retry-base-ms", "100"]);
    const sandboxUrl = (await sandbox.waitFor(READY))[1] ?? "";
    await sandbox.waitFor(new RegExp(`^Holding webhook deliveries until ${webhook.replace(/[.]/g, "\\.")} answers$`, "m"));

    const stripe = sdk(sandboxUrl);
    const customers: string[] = [];
    for (let i = 0; i < 10; i++) customers.push((await stripe.customers.create({ email: `early-${i}@example.com` })).id);
    // Long enough for several probes and, without the hold, the first attempts and a retry or two.
    await sleep(1000);
    const attempted = (await (await fetch(`${sandboxUrl}/_sandbox/deliveries`)).json()) as { data: unknown[] };
    expect(attempted.data).toEqual([]);

    const arrivals = await startApp(appPort);
    await until("the ten held events", () => arrivals.filter((a) => a.method === "POST").length >= 10);
    const posts = arrivals.filter((a) => a.method === "POST");
    expect(posts.map((a) => a.error)).toEqual(Array(10).fill(null));
    expect(posts.map((a) => a.event?.type)).toEqual(Array(10).fill("customer.created"));
    expect(posts.map((a) => (a.event?.data.object as Stripe.Customer).id)).toEqual(customers);
    // The probe came first and is not a delivery.
    expect(arrivals[0]?.method).toBe("OPTIONS");

    // Once the app is up, delivery is as usual: concurrent, and a later event still arrives.
    const late = await stripe.customers.create({ email: "late@example.com" });
    await until("the event made after the app came up", () => arrivals.some((a) => (a.event?.data.object as Stripe.Customer | undefined)?.id === late.id));

    const attempts = (): string[] => sandbox.stdout().split("\n").filter((line) => line.startsWith("<--"));
    await until("eleven logged attempts", () => attempts().length >= 11);
    expect(attempts()).toHaveLength(11);
    expect(attempts().every((line) => line.startsWith("<--  [200] ") && line.endsWith("(attempt 1)"))).toBe(true);
    expect(sandbox.stdout()).not.toMatch(/\[ERR\]|error|fetch failed|timeout/i);
    expect(sandbox.stderr()).toBe("");
  });

  it("with --quiet prints no startup lines and no successes, but still logs and retries a failure once the app is up", async () => {
    const appPort = await freePort();
    const webhook = `http://127.0.0.1:${appPort}/api/stripe/webhook`;
    const sandboxPort = await freePort();
    const sandbox = serve(["--port", String(sandboxPort), "--webhook-secret", SECRET, "--forward-to", webhook, "--wait-for", webhook, "--retry-base-ms", "100", "--quiet"]);
    const sandboxUrl = `http://127.0.0.1:${sandboxPort}`;
    // --quiet prints no ready line, so the health control says when it is up.
    await until("the sandbox to answer", () => fetch(`${sandboxUrl}/_sandbox/health`).then((r) => r.ok, () => false));

    const stripe = sdk(sandboxUrl);
    const first = await stripe.customers.create({ email: "first@example.com" });
    const second = await stripe.customers.create({ email: "second@example.com" });
    await sleep(500);

    let failed = false;
    const arrivals = await startApp(appPort, (event) => {
      // The app is up, but the second event's handler fails once: a real failure, which Stripe retries.
      if ((event.data.object as Stripe.Customer).id !== second.id || failed) return 200;
      failed = true;
      return 500;
    });
    const idsArrived = (): (string | undefined)[] => arrivals.filter((a) => a.event).map((a) => (a.event?.data.object as Stripe.Customer).id);
    await until("the retry of the failed event", () => idsArrived().length >= 3);
    expect(idsArrived()).toEqual([first.id, second.id, second.id]);

    const line = await sandbox.waitFor(/^<-- {2}\[500\] POST (\S+) \[evt_\w+\] customer\.created \(attempt 1\)$/m);
    expect(line[1]).toBe(webhook);
    expect(sandbox.stdout().trim().split("\n")).toEqual([line[0]]);
    expect(sandbox.stderr()).toBe("");
  });
});
