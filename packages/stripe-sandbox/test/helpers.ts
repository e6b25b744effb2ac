import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import Stripe from "stripe";
import type { StripeEvent } from "../src/objects/event";
import { startSandbox, type Sandbox, type SandboxOptions } from "../src/server";

export type Received = { headers: IncomingHttpHeaders; body: string; at: number };

export type Receiver = {
  url: string;
  received: Received[];
  /** Status to answer for the nth request (0-based); default 200. */
  respond: (index: number) => number;
  close(): Promise<void>;
};

export async function startReceiver(): Promise<Receiver> {
  const received: Received[] = [];
  const receiver: Receiver = { url: "", received, respond: () => 200, close: async () => undefined };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const index = received.length;
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString("utf8"), at: Date.now() });
      res.writeHead(receiver.respond(index));
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhook`;
  receiver.close = () => {
    server.closeAllConnections();
    return new Promise((resolve) => server.close(() => resolve()));
  };
  return receiver;
}

export const WEBHOOK_SECRET = "whsec_test_sandbox_secret_0123456789";

export type Harness = { sandbox: Sandbox; stripe: Stripe; receiver: Receiver; close(): Promise<void> };

/** A sandbox on a random port, the real SDK pointed at it, and one webhook receiver. */
export async function startHarness(options: SandboxOptions = {}): Promise<Harness> {
  const receiver = await startReceiver();
  const sandbox = await startSandbox({
    port: 0,
    webhookEndpoints: [{ url: receiver.url, secret: WEBHOOK_SECRET }],
    delivery: { retryBaseMs: 20, timeoutMs: 2000, maxAttempts: 4 },
    ...options,
  });
  const stripe = new Stripe("sk_test_sandbox", { host: "127.0.0.1", port: sandbox.port, protocol: "http", maxNetworkRetries: 0 });
  return {
    sandbox,
    stripe,
    receiver,
    async close() {
      await sandbox.close();
      await receiver.close();
    },
  };
}

export async function control<T = Record<string, unknown>>(sandbox: Sandbox, path: string, body?: unknown): Promise<{ status: number; json: T }> {
  const res = await fetch(`${sandbox.url}${path}`, {
    method: body === undefined ? "GET" : "POST",
    headers: { "Content-Type": "application/json" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, json: (await res.json()) as T };
}

/** A $15 product/price and an open payment-mode session for quantity 2, like `stripe trigger`. */
export async function openPaymentSession(stripe: Stripe, extra: Partial<Stripe.Checkout.SessionCreateParams> = {}): Promise<Stripe.Checkout.Session> {
  const product = await stripe.products.create({ name: "T-shirt" });
  const price = await stripe.prices.create({ product: product.id, unit_amount: 1500, currency: "usd" });
  return stripe.checkout.sessions.create({
    mode: "payment",
    line_items: [{ price: price.id, quantity: 2 }],
    success_url: "https://shop.example/success?session_id={CHECKOUT_SESSION_ID}",
    cancel_url: "https://shop.example/cart",
    ...extra,
  });
}

export async function openSubscriptionSession(stripe: Stripe, extra: Partial<Stripe.Checkout.SessionCreateParams> = {}): Promise<Stripe.Checkout.Session> {
  const product = await stripe.products.create({ name: "Pro plan" });
  const price = await stripe.prices.create({ product: product.id, unit_amount: 900, currency: "usd", recurring: { interval: "month" } });
  return stripe.checkout.sessions.create({
    mode: "subscription",
    line_items: [{ price: price.id, quantity: 1 }],
    success_url: "https://shop.example/success?session_id={CHECKOUT_SESSION_ID}",
    cancel_url: "https://shop.example/cart",
    ...extra,
  });
}

export function eventTypes(receiver: Receiver): string[] {
  return receiver.received.map((r) => (JSON.parse(r.body) as { type: string }).type);
}

/** Delivery order is not promised, so tests about which events an action emits read them in emission order. */
export function inEmissionOrder(sandbox: Sandbox, received: Received[]): string[] {
  const emitted = sandbox.runtime.store.list<StripeEvent>("event").reverse().map((e) => e.id);
  return received
    .map((r) => JSON.parse(r.body) as { id: string; type: string })
    .sort((a, b) => emitted.indexOf(a.id) - emitted.indexOf(b.id))
    .map((e) => e.type);
}

export type Arrival = { id: string; type: string };
export type Held = Arrival & { answer(status: number): void };

/**
 * A webhook receiver that keeps the requests `hold` picks open until the test answers them, so tests can see
 * what is in flight at once without timing. `until` resolves as soon as a condition holds after an arrival or
 * an answer.
 */
export type Gate = {
  url: string;
  arrivals: Arrival[];
  held: Held[];
  answered: Arrival[];
  open: number;
  maxOpen: number;
  hold: (event: Arrival, index: number) => boolean;
  status: (event: Arrival, index: number) => number;
  until(condition: () => boolean): Promise<void>;
  releaseAll(status?: number): void;
  close(): Promise<void>;
};

export async function startGate(): Promise<Gate> {
  const watchers: { condition: () => boolean; resolve: () => void }[] = [];
  const notify = (): void => {
    for (const watcher of [...watchers]) {
      if (!watcher.condition()) continue;
      watchers.splice(watchers.indexOf(watcher), 1);
      watcher.resolve();
    }
  };
  const gate: Gate = {
    url: "",
    arrivals: [],
    held: [],
    answered: [],
    open: 0,
    maxOpen: 0,
    hold: () => true,
    status: () => 200,
    until: (condition) => (condition() ? Promise.resolve() : new Promise((resolve) => watchers.push({ condition, resolve }))),
    releaseAll(status = 200) {
      for (const held of gate.held.splice(0)) held.answer(status);
    },
    close: async () => undefined,
  };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const { id, type } = JSON.parse(Buffer.concat(chunks).toString("utf8")) as Arrival;
      const index = gate.arrivals.length;
      const event = { id, type };
      gate.arrivals.push(event);
      gate.open++;
      gate.maxOpen = Math.max(gate.maxOpen, gate.open);
      const answer = (status: number): void => {
        res.writeHead(status);
        res.end();
        gate.open--;
        gate.answered.push(event);
        notify();
      };
      if (gate.hold(event, index)) gate.held.push({ ...event, answer });
      else answer(gate.status(event, index));
      notify();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  gate.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhook`;
  gate.close = () => {
    server.closeAllConnections();
    return new Promise((resolve) => server.close(() => resolve()));
  };
  return gate;
}
