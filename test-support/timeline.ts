import { Client } from "pg";
import type Stripe from "stripe";
import { stripe } from "@/lib/stripe-gateway/client";

// One timeline of what the app did while some work ran: every statement sent to the database, on
// which connection, and every request to Stripe from the moment it was sent until its answer came.
// Statements are caught at the pg driver, under every query layer: Prisma's adapter and our own
// SQL share the one pool (lib/db.ts). Stripe calls are caught by the SDK's own request/response
// events on the app's one client (lib/stripe-gateway/client.ts). JavaScript runs one thing at a
// time, so the order in which they are recorded here is the order in which they happened.
//
// It answers whether a transaction was open while Stripe was being called, and which statements
// the code really sent (prisma/query-plans.test.ts EXPLAINs those).

export interface Statement {
  text: string;
  values: readonly unknown[];
  /** Which pooled connection sent it (numbered in order of first use). */
  connection: number;
}

type Moment =
  | ({ kind: "statement" } & Statement)
  | { kind: "stripe_sent"; call: number; request: string }
  | { kind: "stripe_answered"; call: number };

export interface StripeCallInTransaction {
  /** "METHOD /path" of the Stripe request. */
  stripeCall: string;
  /** The transaction's statements up to the moment the call was made or answered. */
  transaction: string[];
}

export interface Timeline {
  /** Every statement sent, transaction control included. */
  statements(): Statement[];
  /** Every Stripe request, as "METHOD /path". */
  stripeCalls(): string[];
  /** How many transactions began. */
  transactions(): number;
  /** Each Stripe call that was under way while a transaction was open on any connection. */
  stripeCallsInTransactions(): StripeCallInTransaction[];
}

const BEGINS = /^\s*(BEGIN|START\s+TRANSACTION)\b/i;
const ENDS = /^\s*(COMMIT|END|ROLLBACK)\s*(;|$|AND\b|WORK\b|TRANSACTION\b)/i;

type Query = (this: Client, ...args: unknown[]) => unknown;

function textAndValues(args: unknown[]): { text: string; values: readonly unknown[] } {
  const [config, second] = args;
  if (typeof config === "string") return { text: config, values: Array.isArray(second) ? second : [] };
  const given = (config ?? {}) as { text?: unknown; values?: unknown };
  return { text: String(given.text), values: Array.isArray(given.values) ? given.values : Array.isArray(second) ? second : [] };
}

/** Runs `work` and records its timeline. Recordings do not nest; run one path at a time. */
export async function recordTimeline<T>(work: () => Promise<T>): Promise<{ result: T; timeline: Timeline }> {
  const moments: Moment[] = [];
  const connections = new WeakMap<Client, number>();
  let connectionCount = 0;

  const prototype = Client.prototype as unknown as { query: Query };
  const send = prototype.query;
  if ((send as { recording?: boolean }).recording) throw new Error("a timeline is already being recorded");
  const recordingQuery: Query = function (this: Client, ...args: unknown[]) {
    let connection = connections.get(this);
    if (connection === undefined) connections.set(this, (connection = ++connectionCount));
    moments.push({ kind: "statement", connection, ...textAndValues(args) });
    return send.apply(this, args);
  };
  Object.assign(recordingQuery, { recording: true });

  // Requests are paired with their answers by what the SDK stamps on both. An attempt the SDK
  // retries is never answered, so it counts as under way to the end: it may be blamed, never missed.
  const client = stripe();
  const pending = new Map<string, number[]>();
  let callCount = 0;
  const keyOf = (event: { method: string; path: string; request_start_time: number }) => `${event.method} ${event.path} ${event.request_start_time}`;
  const sent = (event: Stripe.RequestEvent) => {
    const call = ++callCount;
    pending.set(keyOf(event), [...(pending.get(keyOf(event)) ?? []), call]);
    moments.push({ kind: "stripe_sent", call, request: `${event.method} ${event.path}` });
  };
  const answered = (event: Stripe.ResponseEvent) => {
    const [call, ...rest] = pending.get(keyOf(event)) ?? [];
    pending.set(keyOf(event), rest);
    if (call !== undefined) moments.push({ kind: "stripe_answered", call });
  };

  prototype.query = recordingQuery;
  client.on("request", sent);
  client.on("response", answered);
  let result: T;
  try {
    result = await work();
  } finally {
    prototype.query = send;
    client.off("request", sent);
    client.off("response", answered);
  }
  // Another client (STRIPE_API_BASE or the key changed meanwhile) would have gone unrecorded.
  if (stripe() !== client) throw new Error("the Stripe client changed while the timeline was recorded; its calls were not seen");
  return { result, timeline: timelineOf(moments) };
}

function timelineOf(moments: readonly Moment[]): Timeline {
  const statements = moments.flatMap((m) => (m.kind === "statement" ? [{ text: m.text, values: m.values, connection: m.connection }] : []));
  return {
    statements: () => statements,
    stripeCalls: () => moments.flatMap((m) => (m.kind === "stripe_sent" ? [m.request] : [])),
    transactions: () => statements.filter((s) => BEGINS.test(s.text)).length,
    stripeCallsInTransactions: () => overlaps(moments),
  };
}

/** Walks the timeline keeping what is open: transactions per connection, and Stripe calls. */
function overlaps(moments: readonly Moment[]): StripeCallInTransaction[] {
  const openTransactions = new Map<number, string[]>();
  const openCalls = new Map<number, string>();
  // One sighting per (call, connection) is enough to say so: the first.
  const found = new Map<string, StripeCallInTransaction>();
  const note = () => {
    for (const [call, request] of openCalls) {
      for (const [connection, transaction] of openTransactions) {
        const pair = `${call}:${connection}`;
        if (!found.has(pair)) found.set(pair, { stripeCall: request, transaction: [...transaction] });
      }
    }
  };
  for (const moment of moments) {
    if (moment.kind === "stripe_sent") {
      openCalls.set(moment.call, moment.request);
      note();
    } else if (moment.kind === "stripe_answered") {
      openCalls.delete(moment.call);
    } else if (BEGINS.test(moment.text)) {
      openTransactions.set(moment.connection, [moment.text]);
      note();
    } else if (ENDS.test(moment.text)) {
      openTransactions.delete(moment.connection);
    } else {
      openTransactions.get(moment.connection)?.push(moment.text.replace(/\s+/g, " ").slice(0, 120));
    }
  }
  return [...found.values()];
}
