import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import Stripe from "stripe";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { API_VERSION } from "../src/core/constants";
import { startSandbox, type Sandbox } from "../src/server";

/** The package's root: the CLI (`src/cli.ts`, its `stripe-sandbox` bin) is run from there. */
const PACKAGE = fileURLToPath(new URL("..", import.meta.url));
const verifier = new Stripe("sk_test_x");

// ---------------------------------------------------------------------------------------------------
// Child processes: `node --import tsx src/cli.ts …`, so a signal reaches the CLI itself.

type Exit = { code: number | null; signal: NodeJS.Signals | null };
type Cli = {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves once the process has exited and its output is fully read. */
  closed: Promise<Exit>;
  /** Resolves with the first match of `pattern` in stdout; rejects if the process ends or time runs out first. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpExecArray>;
};

const testChildren = new Set<Cli>();
const suiteChildren = new Set<Cli>();

function cli(args: string[], scope: Set<Cli> = testChildren): Cli {
  const child = spawn(process.execPath, ["--import", "tsx", "src/cli.ts", ...args], { cwd: PACKAGE, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  let err = "";
  let done = false;
  const wake = new Set<() => void>();
  const notify = (): void => {
    for (const fn of [...wake]) fn();
  };
  child.stdout?.setEncoding("utf8").on("data", (chunk: string) => {
    out += chunk;
    notify();
  });
  child.stderr?.setEncoding("utf8").on("data", (chunk: string) => {
    err += chunk;
  });
  const closed = new Promise<Exit>((resolve) => {
    child.once("close", (code, signal) => {
      done = true;
      resolve({ code, signal });
      notify();
    });
  });
  const proc: Cli = {
    child,
    stdout: () => out,
    stderr: () => err,
    closed,
    waitFor(pattern, timeoutMs = 8000) {
      return new Promise((resolve, reject) => {
        const check = (): void => {
          const match = new RegExp(pattern.source, pattern.flags.replace("g", "")).exec(out);
          if (!match && !done) return;
          wake.delete(check);
          clearTimeout(timer);
          if (match) resolve(match);
          else reject(new Error(`\`${args.join(" ")}\` exited before printing ${pattern}\nstdout:\n${out}\nstderr:\n${err}`));
        };
        const timer = setTimeout(() => {
          wake.delete(check);
          reject(new Error(`\`${args.join(" ")}\` did not print ${pattern} within ${timeoutMs} ms\nstdout:\n${out}\nstderr:\n${err}`));
        }, timeoutMs);
        wake.add(check);
        check();
      });
    },
  };
  scope.add(proc);
  void closed.then(() => scope.delete(proc));
  return proc;
}

/** Runs a command that should finish on its own (trigger, --print-secret). */
async function runCli(...args: string[]): Promise<Exit & { stdout: string; stderr: string }> {
  const proc = cli(args);
  const exit = await proc.closed;
  return { ...exit, stdout: proc.stdout(), stderr: proc.stderr() };
}

async function stop(proc: Cli): Promise<Exit> {
  if (proc.child.exitCode === null && proc.child.signalCode === null) proc.child.kill("SIGTERM");
  const hardKill = setTimeout(() => proc.child.kill("SIGKILL"), 3000);
  const exit = await proc.closed;
  clearTimeout(hardKill);
  return exit;
}

afterEach(async () => {
  await Promise.all([...testChildren].map(stop));
});

afterAll(async () => {
  await Promise.all([...suiteChildren].map(stop));
});

// ---------------------------------------------------------------------------------------------------
// The "app": verifies every delivery with the real SDK and answers 200 (or 500 once, when asked to).

type Delivery = { event: Stripe.Event | null; error: string | null; status: number };
type Receiver = {
  url: string;
  /** The secret deliveries must be signed with; set from what `listen` printed. */
  secret: string;
  deliveries: Delivery[];
  /** Event types to answer 500 the first time they arrive. */
  failOnce: Set<string>;
  close(): Promise<void>;
};

async function startReceiver(): Promise<Receiver> {
  const receiver: Receiver = { url: "", secret: "", deliveries: [], failOnce: new Set(), close: async () => undefined };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      let delivery: Delivery;
      try {
        const event = verifier.webhooks.constructEvent(body, req.headers["stripe-signature"] ?? "", receiver.secret);
        delivery = { event, error: null, status: receiver.failOnce.delete(event.type) ? 500 : 200 };
      } catch (err) {
        delivery = { event: null, error: err instanceof Error ? err.message : String(err), status: 400 };
      }
      receiver.deliveries.push(delivery);
      res.writeHead(delivery.status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/stripe/webhook`;
  receiver.close = () => {
    server.closeAllConnections();
    return new Promise((resolve) => server.close(() => resolve()));
  };
  return receiver;
}

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const STAMP = String.raw`^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d`;
const READY = /^Ready! You are using Stripe API Version \[(.+?)\]\. Your webhook signing secret is (whsec_\S+) \(\^C to quit\)$/m;

function sdk(sandbox: Sandbox): Stripe {
  return new Stripe("sk_test_cli", { host: "127.0.0.1", port: sandbox.port, protocol: "http", maxNetworkRetries: 0 });
}

function ofType<T>(events: Stripe.Event[], type: string): T {
  const matches = events.filter((e) => e.type === type);
  expect(matches, `exactly one ${type} event`).toHaveLength(1);
  return matches[0]?.data.object as T;
}

// ---------------------------------------------------------------------------------------------------

describe("listen forwards the events that trigger creates", () => {
  let sandbox: Sandbox;
  let receiver: Receiver;
  let listen: Cli;
  let ready: RegExpExecArray;

  beforeAll(async () => {
    receiver = await startReceiver();
    sandbox = await startSandbox({ port: 0, delivery: { retryBaseMs: 50, timeoutMs: 5000, maxAttempts: 3 } });
    listen = cli(["listen", "--forward-to", receiver.url, "--api-base", sandbox.url], suiteChildren);
    ready = await listen.waitFor(READY);
    receiver.secret = ready[2] ?? "";
  });

  afterAll(async () => {
    await Promise.all([...suiteChildren].map(stop));
    await sandbox?.close();
    await receiver?.close();
  });

  /**
   * Runs `trigger <name>`, waits for delivery, and checks what every trigger must satisfy: exit 0, every event
   * the sandbox created reached the app through listen correctly signed, and listen logged `-->` and
   * `<--  [200]` for each. Returns the verified events.
   */
  async function trigger(name: string): Promise<Stripe.Event[]> {
    const stripe = sdk(sandbox);
    const known = new Set((await stripe.events.list({ limit: 100 })).data.map((e) => e.id));
    const firstDelivery = receiver.deliveries.length;

    const run = await runCli("trigger", name, "--api-base", sandbox.url);
    expect(run, run.stderr).toMatchObject({ code: 0, signal: null });
    expect(run.stdout).toContain("Trigger succeeded!");
    await sandbox.idle();

    const created = (await stripe.events.list({ limit: 100 })).data.filter((e) => !known.has(e.id));
    const deliveries = receiver.deliveries.slice(firstDelivery);
    expect(deliveries.filter((d) => d.error !== null)).toEqual([]);
    const events = deliveries.flatMap((d) => (d.event ? [d.event] : []));
    expect(new Set(events.map((e) => e.id))).toEqual(new Set(created.map((e) => e.id)));

    for (const event of events) {
      await listen.waitFor(new RegExp(`${STAMP} {3}--> ${escape(event.type)} \\[${event.id}\\]$`, "m"));
      await listen.waitFor(new RegExp(`${STAMP} {2}<-- {2}\\[200\\] POST ${escape(receiver.url)} \\[${event.id}\\]$`, "m"));
    }
    return events;
  }

  it("listen prints a Ready line with the API version and the sandbox's signing secret and registers one forwarder", () => {
    expect(listen.stdout().split("\n")[0]).toMatch(READY);
    expect(ready[1]).toBe(API_VERSION);
    expect(ready[2]).toBe(sandbox.listenSecret);
    const forwarders = sandbox.runtime.endpoints.fixedEndpoints();
    expect(forwarders).toHaveLength(1);
    expect(forwarders[0]).toMatchObject({ url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/$/), secret: sandbox.listenSecret });
  });

  it("trigger checkout.session.completed pays a $15 × 2 session and the app receives the payment events", async () => {
    const events = await trigger("checkout.session.completed");
    expect(events.map((e) => e.type)).toEqual(expect.arrayContaining(["payment_intent.created", "charge.succeeded", "payment_intent.succeeded", "checkout.session.completed"]));
    const session = ofType<Stripe.Checkout.Session>(events, "checkout.session.completed");
    expect(session).toMatchObject({ mode: "payment", status: "complete", payment_status: "paid", amount_total: 3000, currency: "usd" });
    expect(ofType<Stripe.PaymentIntent>(events, "payment_intent.succeeded").id).toBe(session.payment_intent);
  });

  it("trigger checkout.session.expired expires an open session without attempting a payment", async () => {
    const events = await trigger("checkout.session.expired");
    expect(ofType<Stripe.Checkout.Session>(events, "checkout.session.expired")).toMatchObject({ status: "expired", payment_status: "unpaid", amount_total: 3000 });
    expect(events.map((e) => e.type).filter((t) => t.startsWith("payment_intent.") || t.startsWith("charge."))).toEqual([]);
  });

  it("trigger payment_intent.payment_failed confirms a declined card and the app receives the failure", async () => {
    const events = await trigger("payment_intent.payment_failed");
    expect(events.map((e) => e.type)).toEqual(expect.arrayContaining(["charge.failed", "payment_intent.payment_failed"]));
    const intent = ofType<Stripe.PaymentIntent>(events, "payment_intent.payment_failed");
    expect(intent).toMatchObject({ status: "requires_payment_method", amount: 2000, last_payment_error: { code: "card_declined" } });
    expect(ofType<Stripe.Charge>(events, "charge.failed")).toMatchObject({ status: "failed", payment_intent: intent.id });
  });

  it("trigger charge.refunded pays and fully refunds a charge and the app receives the refund", async () => {
    const events = await trigger("charge.refunded");
    const charge = ofType<Stripe.Charge>(events, "charge.refunded");
    expect(charge).toMatchObject({ refunded: true, amount: 100, amount_refunded: 100 });
    expect(ofType<Stripe.Refund>(events, "refund.created")).toMatchObject({ charge: charge.id, amount: 100, status: "succeeded" });
  });

  it("a 500 from the app flows back through listen, and the sandbox's retry is forwarded and acknowledged with 200", async () => {
    receiver.failOnce.add("payment_intent.succeeded");
    const events = await trigger("payment_intent.succeeded");
    expect(receiver.failOnce.size).toBe(0);
    const succeeded = events.filter((e) => e.type === "payment_intent.succeeded");
    expect(succeeded).toHaveLength(2);
    const id = succeeded[0]?.id ?? "";
    expect(succeeded[1]?.id).toBe(id);
    expect(receiver.deliveries.filter((d) => d.event?.id === id).map((d) => d.status)).toEqual([500, 200]);

    // The app's status reached the sandbox: attempt 1 failed with 500 and was retried.
    expect(sandbox.deliveries().filter((a) => a.eventId === id).map((a) => [a.attempt, a.status, a.ok])).toEqual([
      [1, 500, false],
      [2, 200, true],
    ]);
    const out = listen.stdout();
    const failed = out.search(new RegExp(`${STAMP} {2}<-- {2}\\[500\\] POST ${escape(receiver.url)} \\[${id}\\]$`, "m"));
    const ok = out.search(new RegExp(`${STAMP} {2}<-- {2}\\[200\\] POST ${escape(receiver.url)} \\[${id}\\]$`, "m"));
    expect(failed).toBeGreaterThan(-1);
    expect(ok).toBeGreaterThan(failed);
    expect(out.match(new RegExp(`--> payment_intent\\.succeeded \\[${id}\\]`, "g"))).toHaveLength(2);
  });

  it("stopping listen with SIGTERM unregisters its forwarder and exits 0", async () => {
    const second = cli(["listen", "--forward-to", receiver.url, "--api-base", sandbox.url]);
    await second.waitFor(READY);
    expect(sandbox.runtime.endpoints.fixedEndpoints()).toHaveLength(2);
    const exit = await stop(second);
    expect(exit, second.stdout() + second.stderr()).toEqual({ code: 0, signal: null });
    expect(sandbox.runtime.endpoints.fixedEndpoints()).toHaveLength(1);
  });
});

describe("CLI commands that talk to a running sandbox", () => {
  let sandbox: Sandbox;

  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0 });
  });

  afterAll(async () => {
    await sandbox?.close();
  });

  it("listen --print-secret prints only the sandbox's whsec_ secret and registers nothing", async () => {
    const run = await runCli("listen", "--print-secret", "--api-base", sandbox.url);
    expect(run).toMatchObject({ code: 0, signal: null, stderr: "" });
    expect(run.stdout).toMatch(/^whsec_\w+\n$/);
    expect(run.stdout.trim()).toBe(sandbox.listenSecret);
    expect(sandbox.runtime.endpoints.fixedEndpoints()).toEqual([]);
  });

  it("accepts an --api-base with a trailing slash", async () => {
    const run = await runCli("listen", "--print-secret", "--api-base", `${sandbox.url}/`);
    expect(run, run.stderr).toMatchObject({ code: 0, stdout: `${sandbox.listenSecret}\n` });
  });

  it("trigger with an unknown event exits 1 and lists the supported events", async () => {
    const run = await runCli("trigger", "no.such.event", "--api-base", sandbox.url);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("unknown event for trigger: no.such.event");
    expect(run.stderr).toContain("checkout.session.completed");
  });

  it("listen without --forward-to exits 1 and says what is missing", async () => {
    const run = await runCli("listen", "--api-base", sandbox.url);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("listen needs --forward-to");
    expect(sandbox.runtime.endpoints.fixedEndpoints()).toEqual([]);
  });
});

describe("serve", () => {
  const SECRET = "whsec_cli_serve_test_secret";
  let receiver: Receiver;
  let serve: Cli;
  let url: string;

  beforeAll(async () => {
    receiver = await startReceiver();
    receiver.secret = SECRET;
    serve = cli(["serve", "--port", "0", "--webhook-secret", SECRET, "--forward-to", receiver.url, "--concurrency", "3", "--retry-base-ms", "200", "--max-attempts", "4"], suiteChildren);
    const ready = await serve.waitFor(/^Stripe sandbox ready on (http:\/\/127\.0\.0\.1:(\d+)) \(public (\S+)\)$/m);
    url = ready[1] ?? "";
    expect(Number(ready[2])).toBeGreaterThan(0);
    expect(ready[3]).toBe(url);
  });

  afterAll(async () => {
    await Promise.all([...suiteChildren].map(stop));
    await receiver?.close();
  });

  it("serve --port 0 prints a ready line with the port it got and answers /_sandbox/health", async () => {
    const res = await fetch(`${url}/_sandbox/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true, api_version: API_VERSION });
    await serve.waitFor(new RegExp(`^Forwarding events to ${escape(receiver.url)}$`, "m"));
  });

  it("serve never prints a --webhook-secret it was given, and prints one it generated", async () => {
    await serve.waitFor(/^Webhook delivery:/m);
    expect(serve.stdout()).not.toContain(SECRET);
    const generated = cli(["serve", "--port", "0"]);
    await generated.waitFor(/^Webhook signing secret: whsec_\w+$/m);
  });

  it("serve signs deliveries to --forward-to with --webhook-secret and logs each attempt", async () => {
    const stripe = new Stripe("sk_test_cli", { host: "127.0.0.1", port: Number(new URL(url).port), protocol: "http", maxNetworkRetries: 0 });
    const customer = await stripe.customers.create({ email: "serve@example.com" });
    const line = await serve.waitFor(new RegExp(`^<-- {2}\\[200\\] POST ${escape(receiver.url)} \\[(evt_\\w+)\\] customer\\.created \\(attempt 1\\)$`, "m"));
    expect(receiver.deliveries.map((d) => d.error)).toEqual([null]);
    expect(receiver.deliveries[0]?.event).toMatchObject({ id: line[1], type: "customer.created", data: { object: { id: customer.id } } });
  });

  it("serve takes --concurrency and --retry-base-ms and prints the delivery schedule they give", async () => {
    await serve.waitFor(/^Webhook delivery: up to 3 at once per endpoint, retries after 200, 1000, 6000 ms, disabled after 2592000 ms of failures$/m);
  });

  it("serve prints what happens after the final payment retry: cancel the subscription, by default", async () => {
    await serve.waitFor(/^After the final payment retry: cancel the subscription$/m);
  });

  it("serve stops cleanly on SIGTERM", async () => {
    expect(await stop(serve)).toEqual({ code: 0, signal: null });
    await expect(fetch(`${url}/_sandbox/health`)).rejects.toThrow();
  });
});

describe("serve --after-final-retry", () => {
  it("sets the account's ending of dunning, as the Dashboard's failed-payments setting does", async () => {
    const serve = cli(["serve", "--port", "0", "--after-final-retry", "unpaid"]);
    const ready = await serve.waitFor(/^Stripe sandbox ready on (http:\/\/127\.0\.0\.1:\d+) /m);
    await serve.waitFor(/^After the final payment retry: mark the subscription unpaid$/m);
    expect(await (await fetch(`${ready[1]}/_sandbox/settings`)).json()).toEqual({ after_final_retry: "unpaid" });
  });

  it("refuses an ending the Dashboard does not offer and exits 1", async () => {
    const run = await runCli("serve", "--port", "0", "--after-final-retry", "forgive");
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("--after-final-retry must be one of cancel, unpaid, past_due");
  });
});

describe("serve --events", () => {
  it("sends --forward-to only the listed event types, as an endpoint's enabled events do", async () => {
    const secret = "whsec_cli_events_test_secret";
    const receiver = await startReceiver();
    receiver.secret = secret;
    try {
      const serve = cli(["serve", "--port", "0", "--webhook-secret", secret, "--forward-to", receiver.url, "--events", "customer.updated, customer.deleted"]);
      const ready = await serve.waitFor(/^Stripe sandbox ready on (http:\/\/127\.0\.0\.1:(\d+)) /m);
      await serve.waitFor(new RegExp(`^Forwarding 2 event types to ${escape(receiver.url)}$`, "m"));
      const stripe = new Stripe("sk_test_cli", { host: "127.0.0.1", port: Number(ready[2]), protocol: "http", maxNetworkRetries: 0 });
      const customer = await stripe.customers.create({ email: "events@example.com" });
      await stripe.customers.update(customer.id, { name: "Events" });
      await serve.waitFor(/customer\.updated \(attempt 1\)$/m);
      expect(receiver.deliveries.map((d) => [d.error, d.event?.type])).toEqual([[null, "customer.updated"]]);
      expect(serve.stdout()).not.toContain("customer.created");
    } finally {
      await receiver.close();
    }
  });
});
