import { load, nextClientIp, type LoadFigures } from "./load";
import { nth, type PreparedPayments } from "./paid-checkouts";
import { shuffledWithCopies, type Lifecycle } from "./subscription-events";
import { cpuMs, rssMb } from "./server";
import { ping, type Server, type Stack } from "./stack";

// The arms measured over HTTP, each against the floor route at the same concurrency: distinct
// webhooks, redeliveries and status checks in blocks, the storm of one new event, and the
// server's memory after webhooks against its memory after pings. Arms run interleaved in blocks
// within each round, so a machine that slows down mid-run slows an arm and its floor alike.

export interface BenchPlan {
  rounds: number;
  /** Requests per arm per round. */
  block: number;
  /** Requests per arm in the untimed warm-up. */
  warm: number;
  /** Parallel copies of one new event, and as many parallel pings for its floor. */
  storm: number;
  /** Requests a fresh server takes before its memory is read. */
  rssRequests: number;
  /** Subscription lifecycles (four events each) per subscription arm per round. */
  subscriptions: number;
  /** The browser arms': Lighthouse runs of each page, and timed purchases. */
  lighthouseRunsPerPage: number;
  purchases: number;
}

export const webhookConcurrency = 16;
export const statusConcurrency = 10;

export interface Sample extends LoadFigures {
  cpuMsPerRequest: number;
  rssMb: number;
}

/**
 * Each arm's samples, one per round; the report lists the arms in the order they run. The
 * subscription arms count events: req/s and CPU-ms are per event.
 */
export type Arms = Record<"floor16" | "webhook" | "redelivery" | "floor10" | "status" | "subscriptionsInOrder" | "subscriptionsShuffled", Sample[]>;

export interface StormFigures {
  floorP99: number;
  webhookP99: number;
  credits: number;
  stripeReads: number;
  failures: number;
}

export interface RssFigures {
  afterPings: number;
  afterWebhooks: number;
}

async function measured(target: Server, count: number, concurrency: number, request: (index: number) => Promise<Response>): Promise<Sample> {
  const cpuBefore = cpuMs(target.pids);
  const figures = await load(count, concurrency, request);
  if (figures.failures > 0) console.warn(`  ${figures.failures} of ${count} answers were not 2xx`);
  return { ...figures, cpuMsPerRequest: (cpuMs(target.pids) - cpuBefore) / count, rssMb: rssMb(target.pids) };
}

function checkStatus(target: Server, payments: PreparedPayments): Promise<Response> {
  return fetch(`${target.app.url}/api/check-payment-status/${payments.statusSession}`, {
    headers: { cookie: payments.statusBuyer.cookie, "x-forwarded-for": nextClientIp() },
  });
}

/** Retrievals of a Checkout Session itself (not its line items), from the sandbox's request log. */
async function sessionReads(stack: Stack, sessionId: string): Promise<number> {
  const path = encodeURIComponent(`/v1/checkout/sessions/${sessionId}`);
  return (await stack.sandbox.control<{ count: number }>(`/_sandbox/requests?path=${path}`)).count;
}

async function creditsOf(stack: Stack, userId: string): Promise<number> {
  const { rows } = await stack.database.pool.query<{ count: string }>(`SELECT count(*) FROM coin_ledger_entry WHERE "userId" = $1 AND delta > 0`, [userId]);
  return Number(rows[0]?.count ?? 0);
}

export async function warmUp(stack: Stack, server: Server, payments: PreparedPayments, plan: BenchPlan): Promise<void> {
  console.log("warming up …");
  const warmEvents = payments.takeDistinct(plan.warm);
  await load(plan.warm, webhookConcurrency, () => ping(server));
  await load(plan.warm, webhookConcurrency, (i) => stack.sendEvent(server, nth(warmEvents, i)));
  await load(plan.warm, statusConcurrency, () => checkStatus(server, payments));
}

/** One lifecycle after the other per client, each in Stripe's order: figures per event. */
async function lifecyclesInOrder(stack: Stack, server: Server, lifecycles: readonly Lifecycle[]): Promise<Sample> {
  const sample = await measured(server, lifecycles.length, webhookConcurrency, async (i) => {
    let last = new Response(null);
    for (const payload of lifecycles[i] ?? []) {
      last = await stack.sendEvent(server, payload);
      if (!last.ok) return last;
    }
    return last;
  });
  const events = lifecycles.reduce((n, lifecycle) => n + lifecycle.length, 0) / lifecycles.length;
  return { ...sample, perSecond: sample.perSecond * events, cpuMsPerRequest: sample.cpuMsPerRequest / events };
}

/** Every round: a block of each arm in turn, then a storm of its own. */
export async function measureRounds(
  stack: Stack,
  server: Server,
  payments: PreparedPayments,
  plan: BenchPlan,
  lifecycles: { inOrder: Lifecycle[][]; shuffled: Lifecycle[][] },
): Promise<{ arms: Arms; storms: StormFigures[] }> {
  const arms: Arms = { floor16: [], webhook: [], redelivery: [], floor10: [], status: [], subscriptionsInOrder: [], subscriptionsShuffled: [] };
  const storms: StormFigures[] = [];
  for (let round = 0; round < plan.rounds; round += 1) {
    console.log(`round ${round + 1} of ${plan.rounds} …`);
    const roundEvents = payments.takeDistinct(plan.block);
    arms.floor16.push(await measured(server, plan.block, webhookConcurrency, () => ping(server)));
    arms.webhook.push(await measured(server, plan.block, webhookConcurrency, (i) => stack.sendEvent(server, nth(roundEvents, i))));
    arms.redelivery.push(await measured(server, plan.block, webhookConcurrency, () => stack.sendEvent(server, payments.settledPayload)));
    arms.floor10.push(await measured(server, plan.block, statusConcurrency, () => ping(server)));
    arms.status.push(await measured(server, plan.block, statusConcurrency, () => checkStatus(server, payments)));
    arms.subscriptionsInOrder.push(await lifecyclesInOrder(stack, server, lifecycles.inOrder[round] ?? []));
    const shuffled = shuffledWithCopies(lifecycles.shuffled[round] ?? []);
    arms.subscriptionsShuffled.push(await measured(server, shuffled.length, webhookConcurrency, (i) => stack.sendEvent(server, nth(shuffled, i))));

    const storm = payments.storms[round];
    if (!storm) throw new Error("a storm without its payment");
    const floorStorm = await load(plan.storm, plan.storm, () => ping(server));
    const readsBefore = await sessionReads(stack, storm.sessionId);
    const webhookStorm = await load(plan.storm, plan.storm, () => stack.sendEvent(server, storm.payload));
    storms.push({
      floorP99: floorStorm.p99,
      webhookP99: webhookStorm.p99,
      credits: await creditsOf(stack, storm.buyer.id),
      stripeReads: (await sessionReads(stack, storm.sessionId)) - readsBefore,
      failures: webhookStorm.failures + floorStorm.failures,
    });
  }
  return { arms, storms };
}

/**
 * Memory: a fresh server after N pings, then another fresh server after N distinct webhooks.
 * Stops `server` first, and the last fresh one before it answers.
 */
export async function measureRss(stack: Stack, server: Server, payments: PreparedPayments, plan: BenchPlan): Promise<RssFigures> {
  await server.app.stop();
  const pingServer = await stack.startServer();
  await measured(pingServer, plan.rssRequests, webhookConcurrency, () => ping(pingServer));
  const afterPings = rssMb(pingServer.pids);
  await pingServer.app.stop();
  const webhookServer = await stack.startServer();
  const rssEvents = payments.takeDistinct(plan.rssRequests);
  await measured(webhookServer, plan.rssRequests, webhookConcurrency, (i) => stack.sendEvent(webhookServer, nth(rssEvents, i)));
  const afterWebhooks = rssMb(webhookServer.pids);
  await webhookServer.app.stop();
  return { afterPings, afterWebhooks };
}
