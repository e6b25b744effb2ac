import { randomBytes } from "node:crypto";
import { writeFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { coinPacks, type ProductKey } from "@/lib/catalog/products";
import { appInstance, type AppInstance } from "@/e2e/chaos/app";
import { createDatabase } from "@/e2e/chaos/database";
import { newEvents } from "@/e2e/chaos/events";
import { databaseServerUrl } from "@/e2e/chaos/harness";
import { freePort } from "@/e2e/chaos/processes";
import { priceIds } from "@/e2e/chaos/purchases";
import { startChaosSandbox } from "@/e2e/chaos/sandbox";
import { signUp, startCheckout, type Buyer } from "@/e2e/chaos/storefront";
import { lighthouseRuns, type LighthouseRun } from "./lighthouse";
import { load, nextClientIp, percentile, type LoadFigures } from "./load";
import { payToPaid } from "./pay-to-paid";
import { competingLoad, formatSpread, machine, spread, table, type Row } from "./report";
import { benchBuildIsStale, buildForBench, cpuMs, rssMb, serverProcesses } from "./server";

// `npm run bench [-- --quick] [-- --no-build]`: the production server (`next start` on a build
// that also holds a floor route and page), PostgreSQL and the Stripe sandbox as separate
// processes, measured over HTTP against the floor: what this server costs for doing nothing.
// Arms run interleaved in blocks within each round, so a machine that slows down mid-run slows
// an arm and its floor alike.

const quick = process.argv.includes("--quick");
const plan = quick
  ? { rounds: 1, block: 100, warm: 30, storm: 500, rssRequests: 200 }
  : { rounds: 3, block: 300, warm: 100, storm: 500, rssRequests: 1000 };
const webhookConcurrency = 16;
const statusConcurrency = 10;

// The bench creates (and drops) a database of its own on this server.
const serverUrl = databaseServerUrl() ?? "postgresql://postgres@127.0.0.1:5432/test";
const loadAtStart = competingLoad();
// --no-build measures whatever bench build there is; otherwise it is rebuilt when out of date.
if (!process.argv.includes("--no-build") && benchBuildIsStale()) buildForBench();

const database = await createDatabase(serverUrl);
const webhookSecret = `whsec_${randomBytes(24).toString("hex")}`;
// The bench delivers every event itself, each exactly when an arm needs it.
const sandbox = await startChaosSandbox({ webhookSecret, forwardTo: [] });
const authSecret = randomBytes(32).toString("base64url");

interface Server {
  app: AppInstance;
  pids: number[];
}

/** A fresh `next start` of the bench build, set up as the chaos harness sets up its instances. */
async function startServer(): Promise<Server> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const app = appInstance("storefront (bench build)", port, {
    PATH: process.env.PATH,
    NODE_ENV: "production",
    STOREFRONT_BENCH: "1",
    DATABASE_URL: database.url,
    STRIPE_SECRET_KEY: sandbox.secretKey,
    STRIPE_API_BASE: sandbox.url,
    STRIPE_WEBHOOK_SECRET: webhookSecret,
    BETTER_AUTH_SECRET: authSecret,
    BETTER_AUTH_URL: url,
    APP_URL: url,
    CRON_SECRET: randomBytes(24).toString("hex"),
    TRUST_PROXY_HOPS: "1",
    NEXT_TELEMETRY_DISABLED: "1",
  });
  await app.start();
  return { app, pids: serverProcesses(port) };
}

function ping(server: Server): Promise<Response> {
  return fetch(`${server.app.url}/bench-floor`, { headers: { "x-forwarded-for": nextClientIp() } });
}

/** Signs at send time: a signature older than Stripe's five-minute tolerance would be refused. */
function sendEvent(server: Server, payload: string): Promise<Response> {
  const signature = sandbox.stripe.webhooks.generateTestHeaderString({ payload, secret: webhookSecret });
  return fetch(`${server.app.url}/api/stripe/webhook`, {
    method: "POST",
    headers: { "content-type": "application/json", "stripe-signature": signature, "x-forwarded-for": nextClientIp() },
    body: payload,
  });
}

// --- Paid checkouts, made over HTTP and paid in the sandbox before anything is measured.

let server = await startServer();
const priceOf = await priceIds(sandbox);
const packs = coinPacks.map((pack) => pack.key as ProductKey);

async function paidCheckout(buyer: Buyer, product: ProductKey): Promise<string> {
  // A fresh client address per checkout: one buyer starts far more than the per-IP limit allows.
  const sessionId = await startCheckout(server.app, { ...buyer, ip: nextClientIp() }, priceOf(product));
  await sandbox.control(`/_sandbox/checkout/sessions/${sessionId}/pay`, { card: "4242424242424242" });
  return sessionId;
}

/** `count` paid checkouts, by a few buyers at once (one checkout at a time each, as a browser would). */
async function paidCheckouts(count: number, buyerCount = 8): Promise<string[]> {
  const buyers = await Promise.all(Array.from({ length: buyerCount }, () => signUp(server.app)));
  const sessions: string[] = [];
  await Promise.all(
    buyers.map(async (buyer, b) => {
      for (let i = b; i < count; i += buyerCount) sessions.push(await paidCheckout(buyer, packs[i % packs.length] ?? "small_pack"));
    }),
  );
  return sessions;
}

/** The signed-to-be `checkout.session.completed` payload of each session, by session id. */
const seenEvents = new Set<string>();
async function completedEvents(): Promise<Map<string, string>> {
  const bySession = new Map<string, string>();
  for (const event of await newEvents(sandbox.stripe, seenEvents)) {
    if (event.type !== "checkout.session.completed") continue;
    const parsed = JSON.parse(event.payload) as { data: { object: { id: string } } };
    bySession.set(parsed.data.object.id, event.payload);
  }
  return bySession;
}

console.log("preparing paid checkouts …");
const distinctCount = plan.warm + plan.rounds * plan.block + plan.rssRequests;
const distinctSessions = await paidCheckouts(distinctCount);
// Each storm gets a buyer of its own with one payment nobody has credited, so the credits the
// storm made are exactly that buyer's ledger entries.
const stormBuyers = await Promise.all(Array.from({ length: plan.rounds }, () => signUp(server.app)));
const stormSessions = await Promise.all(stormBuyers.map((buyer) => paidCheckout(buyer, "small_pack")));
const statusBuyer = await signUp(server.app);
const statusSession = await paidCheckout(statusBuyer, "small_pack");
const events = await completedEvents();
const payloadOf = (sessionId: string): string => {
  const payload = events.get(sessionId);
  if (!payload) throw new Error(`no checkout.session.completed event for ${sessionId}`);
  return payload;
};
const distinctPayloads = distinctSessions.map(payloadOf);
const takeDistinct = (count: number): string[] => distinctPayloads.splice(0, count);
/** The i-th of a block's payloads; running short would quietly turn an arm into redeliveries. */
function nth(payloads: readonly string[], index: number): string {
  const payload = payloads[index];
  if (payload === undefined) throw new Error(`only ${payloads.length} distinct events prepared`);
  return payload;
}

// The status and redelivery arms need a payment that is already settled and credited.
const settledPayload = payloadOf(statusSession);
if (!(await sendEvent(server, settledPayload)).ok) throw new Error("the settled payment's webhook failed");

function checkStatus(target: Server): Promise<Response> {
  return fetch(`${target.app.url}/api/check-payment-status/${statusSession}`, {
    headers: { cookie: statusBuyer.cookie, "x-forwarded-for": nextClientIp() },
  });
}

// --- Measurement.

/** Retrievals of a Checkout Session itself (not its line items), from the sandbox's request log. */
async function sessionReads(sessionId: string): Promise<number> {
  const path = encodeURIComponent(`/v1/checkout/sessions/${sessionId}`);
  return (await sandbox.control<{ count: number }>(`/_sandbox/requests?path=${path}`)).count;
}

interface Sample extends LoadFigures {
  cpuMsPerRequest: number;
  rssMb: number;
}

async function measured(target: Server, count: number, concurrency: number, request: (index: number) => Promise<Response>): Promise<Sample> {
  const cpuBefore = cpuMs(target.pids);
  const figures = await load(count, concurrency, request);
  if (figures.failures > 0) console.warn(`  ${figures.failures} of ${count} answers were not 2xx`);
  return { ...figures, cpuMsPerRequest: (cpuMs(target.pids) - cpuBefore) / count, rssMb: rssMb(target.pids) };
}

console.log("warming up …");
const warmEvents = takeDistinct(plan.warm);
await load(plan.warm, webhookConcurrency, () => ping(server));
await load(plan.warm, webhookConcurrency, (i) => sendEvent(server, nth(warmEvents, i)));
await load(plan.warm, statusConcurrency, () => checkStatus(server));

const arms = { floor16: [] as Sample[], webhook: [] as Sample[], redelivery: [] as Sample[], floor10: [] as Sample[], status: [] as Sample[] };
const storms: { floorP99: number; webhookP99: number; credits: number; stripeReads: number; failures: number }[] = [];

async function creditsOf(userId: string): Promise<number> {
  const { rows } = await database.pool.query<{ count: string }>(`SELECT count(*) FROM coin_ledger_entry WHERE "userId" = $1 AND delta > 0`, [userId]);
  return Number(rows[0]?.count ?? 0);
}

for (let round = 0; round < plan.rounds; round += 1) {
  console.log(`round ${round + 1} of ${plan.rounds} …`);
  const roundEvents = takeDistinct(plan.block);
  arms.floor16.push(await measured(server, plan.block, webhookConcurrency, () => ping(server)));
  arms.webhook.push(await measured(server, plan.block, webhookConcurrency, (i) => sendEvent(server, nth(roundEvents, i))));
  arms.redelivery.push(await measured(server, plan.block, webhookConcurrency, () => sendEvent(server, settledPayload)));
  arms.floor10.push(await measured(server, plan.block, statusConcurrency, () => ping(server)));
  arms.status.push(await measured(server, plan.block, statusConcurrency, () => checkStatus(server)));

  const buyer = stormBuyers[round];
  const session = stormSessions[round];
  if (!buyer || !session) throw new Error("a storm without its payment");
  const stormPayload = payloadOf(session);
  const floorStorm = await load(plan.storm, plan.storm, () => ping(server));
  const readsBefore = await sessionReads(session);
  const webhookStorm = await load(plan.storm, plan.storm, () => sendEvent(server, stormPayload));
  storms.push({
    floorP99: floorStorm.p99,
    webhookP99: webhookStorm.p99,
    credits: await creditsOf(buyer.id),
    stripeReads: (await sessionReads(session)) - readsBefore,
    failures: webhookStorm.failures + floorStorm.failures,
  });
}

// --- Shipped JavaScript: every script a page's HTML loads, gzipped, against the floor page's.

async function pageJsKb(path: string): Promise<number> {
  const html = await (await fetch(`${server.app.url}${path}`, { headers: { cookie: statusBuyer.cookie } })).text();
  const sources = new Set([...html.matchAll(/<script[^>]*\ssrc="([^"]+)"/g)].map((match) => match[1] ?? ""));
  let bytes = 0;
  for (const source of sources) {
    const script = await fetch(new URL(source.replaceAll("&amp;", "&"), server.app.url));
    bytes += gzipSync(Buffer.from(await script.arrayBuffer())).length;
  }
  return bytes / 1024;
}
const floorPageKb = await pageJsKb("/bench-floor-page");
const pagesKb = new Map<string, number>();
for (const path of ["/", `/success?session_id=${statusSession}`, "/account", "/sign-in"]) pagesKb.set(path, await pageJsKb(path));

// --- Pages in a browser: Lighthouse's mobile preset on a signed-in buyer's pages, and click Pay → paid.

// Simulated throttling scales what it observes on a busy 2-core machine: five runs steady the median.
const lighthouseRunsPerPage = quick ? 1 : 5;
console.log("Lighthouse …");
const lighthousePaths = { "/": "/", "/success": `/success?session_id=${statusSession}`, "floor page": "/bench-floor-page" };
const lighthouse = await lighthouseRuns(
  Object.entries(lighthousePaths).map(([name, path]) => ({ name, url: `${server.app.url}${path}`, cookie: statusBuyer.cookie })),
  lighthouseRunsPerPage,
);
const purchaseCount = quick ? 5 : 15;
console.log(`click Pay → paid, ${purchaseCount} purchases …`);
const payTimes = await payToPaid({
  app: server.app,
  sandbox,
  buyer: await signUp(server.app),
  priceId: priceOf("small_pack"),
  purchases: purchaseCount,
});

// --- Memory: a fresh server after N pings, then another fresh server after N distinct webhooks.

await server.app.stop();
server = await startServer();
await measured(server, plan.rssRequests, webhookConcurrency, () => ping(server));
const rssAfterPings = rssMb(server.pids);
await server.app.stop();
server = await startServer();
const rssEvents = takeDistinct(plan.rssRequests);
await measured(server, plan.rssRequests, webhookConcurrency, (i) => sendEvent(server, nth(rssEvents, i)));
const rssAfterWebhooks = rssMb(server.pids);
await server.app.stop();

const postgresVersion = (await database.pool.query<{ server_version: string }>("SHOW server_version")).rows[0]?.server_version ?? "unknown";
const loadAtEnd = competingLoad();
await sandbox.service.stop();
await database.drop();

// --- Report.

const median = (samples: Sample[], pick: (s: Sample) => number): number => spread(samples.map(pick)).median;
const shown = (samples: Sample[], pick: (s: Sample) => number, digits: number): string => formatSpread(spread(samples.map(pick)), digits);
const ratio = (now: number, floor: number): number => (floor > 0 ? now / floor : Number.NaN);

const webhookRate = ratio(median(arms.webhook, (s) => s.perSecond), median(arms.floor16, (s) => s.perSecond));
const webhookCpu = ratio(median(arms.webhook, (s) => s.cpuMsPerRequest), median(arms.floor16, (s) => s.cpuMsPerRequest));
const redeliveryRate = ratio(median(arms.redelivery, (s) => s.perSecond), median(arms.floor16, (s) => s.perSecond));
const statusRate = ratio(median(arms.status, (s) => s.perSecond), median(arms.floor10, (s) => s.perSecond));
const stormP99 = spread(storms.map((s) => s.webhookP99));
const floorStormP99 = spread(storms.map((s) => s.floorP99));
const maxCredits = Math.max(...storms.map((s) => s.credits));
const minCredits = Math.min(...storms.map((s) => s.credits));
const maxReads = Math.max(...storms.map((s) => s.stripeReads));
const lighthouseOf = (name: string, pick: (run: LighthouseRun) => number) => spread((lighthouse.get(name) ?? []).map(pick));
const scoreRow = (name: string, category: "performance" | "accessibility", target: number): Row => {
  const now = lighthouseOf(name, (run) => run[category]);
  return {
    what: `Lighthouse mobile ${category} of ${name} (median of ${lighthouseRunsPerPage})`,
    now: formatSpread(now, 0),
    floor: formatSpread(lighthouseOf("floor page", (run) => run[category]), 0),
    ratio: "–",
    target: category === "performance" ? `≥ ${target}` : `= ${target}`,
    met: now.median >= target,
  };
};
const payP50 = percentile([...payTimes.pay].sort((a, b) => a - b), 50);
const payP90 = percentile([...payTimes.pay].sort((a, b) => a - b), 90);
const navigationP50 = percentile([...payTimes.navigation].sort((a, b) => a - b), 50);
const navigationP90 = percentile([...payTimes.navigation].sort((a, b) => a - b), 90);

const rows: Row[] = [
  {
    what: `webhook, distinct paid events, c=${webhookConcurrency}: req/s`,
    now: shown(arms.webhook, (s) => s.perSecond, 0),
    floor: shown(arms.floor16, (s) => s.perSecond, 0),
    ratio: `${webhookRate.toFixed(2)}×`,
    target: "≥ 0.35×",
    met: webhookRate >= 0.35,
  },
  {
    what: "webhook, distinct paid events: server CPU-ms per request",
    now: shown(arms.webhook, (s) => s.cpuMsPerRequest, 2),
    floor: shown(arms.floor16, (s) => s.cpuMsPerRequest, 2),
    ratio: `${webhookCpu.toFixed(2)}×`,
    target: "≤ 4×",
    met: webhookCpu <= 4,
  },
  {
    what: `redelivery of a processed event, c=${webhookConcurrency}: req/s`,
    now: shown(arms.redelivery, (s) => s.perSecond, 0),
    floor: shown(arms.floor16, (s) => s.perSecond, 0),
    ratio: `${redeliveryRate.toFixed(2)}×`,
    target: "≥ 0.8×",
    met: redeliveryRate >= 0.8,
  },
  {
    what: `${plan.storm} parallel copies of one new event: p99 ms`,
    now: formatSpread(stormP99, 0),
    floor: formatSpread(floorStormP99, 0),
    ratio: `${ratio(stormP99.median, floorStormP99.median).toFixed(2)}×`,
    target: "≤ 2×",
    met: ratio(stormP99.median, floorStormP99.median) <= 2,
  },
  {
    what: "the same storm: credits (each storm)",
    now: minCredits === maxCredits ? String(maxCredits) : `${minCredits}–${maxCredits}`,
    floor: "–",
    ratio: "–",
    target: "= 1",
    met: minCredits === 1 && maxCredits === 1,
  },
  {
    what: "the same storm: Stripe reads of the session (most in any storm)",
    now: String(maxReads),
    floor: "–",
    ratio: "–",
    target: "≤ 2",
    met: maxReads <= 2,
  },
  {
    what: `status of a settled session, signed in, c=${statusConcurrency}: req/s`,
    now: shown(arms.status, (s) => s.perSecond, 0),
    floor: shown(arms.floor10, (s) => s.perSecond, 0),
    ratio: `${statusRate.toFixed(2)}×`,
    target: "≥ 0.7×",
    met: statusRate >= 0.7,
  },
  ...[...pagesKb].map(([path, kb]) => ({
    what: `gzipped JS of ${path.split("?")[0]} (kB)`,
    now: kb.toFixed(1),
    floor: floorPageKb.toFixed(1),
    ratio: `${kb - floorPageKb >= 0 ? "+" : ""}${(kb - floorPageKb).toFixed(1)} kB`,
    target: "≤ +8 kB",
    met: kb - floorPageKb <= 8,
  })),
  {
    what: `server RSS after ${plan.rssRequests} webhooks vs ${plan.rssRequests} pings, fresh starts (MB)`,
    now: rssAfterWebhooks.toFixed(0),
    floor: rssAfterPings.toFixed(0),
    ratio: `${ratio(rssAfterWebhooks, rssAfterPings).toFixed(2)}×`,
    target: "≤ 1.3×",
    met: ratio(rssAfterWebhooks, rssAfterPings) <= 1.3,
  },
  scoreRow("/", "performance", 95),
  scoreRow("/", "accessibility", 100),
  scoreRow("/success", "performance", 95),
  scoreRow("/success", "accessibility", 100),
  {
    what: `click Pay → paid vs navigation to the floor page, p50 (p90) over ${purchaseCount} purchases, ms`,
    now: `${payP50.toFixed(0)} (${payP90.toFixed(0)})`,
    floor: `${navigationP50.toFixed(0)} (${navigationP90.toFixed(0)})`,
    ratio: `${ratio(payP50, navigationP50).toFixed(2)}× (${ratio(payP90, navigationP90).toFixed(2)}×)`,
    target: "p50 ≤ 1.3×",
    met: ratio(payP50, navigationP50) <= 1.3,
  },
];
const lighthouseLines = [...lighthouse].flatMap(([name, runs]) =>
  runs.map(
    (run, i) =>
      `| ${name} | ${i + 1} | ${run.performance} | ${run.accessibility} | ${run.fcp.toFixed(0)} | ${run.lcp.toFixed(0)} | ${run.tbt.toFixed(0)} | ${run.cls.toFixed(3)} | ${run.speedIndex.toFixed(0)} |`,
  ),
);

const latencyLines = Object.entries(arms).map(
  ([arm, samples]) =>
    `| ${arm} | ${shown(samples, (s) => s.perSecond, 0)} | ${shown(samples, (s) => s.p50, 1)} | ${shown(samples, (s) => s.p99, 1)} | ${shown(samples, (s) => s.cpuMsPerRequest, 2)} | ${shown(samples, (s) => s.rssMb, 0)} | ${samples.reduce((n, s) => n + s.failures, 0)} |`,
);
const sharedWith = [...new Set([...loadAtStart, ...loadAtEnd])];
const results = [
  "# Benchmark results",
  "",
  `\`npm run bench${quick ? " -- --quick" : ""}\`, ${new Date().toISOString()}: ${plan.rounds} round(s) of ${plan.block} requests per arm, median (min–max) over rounds.`,
  "",
  ...machine(postgresVersion).map((line) => `- ${line}`),
  sharedWith.length > 0
    ? `- **Taken under load**: these ran on the machine at the same time: ${sharedWith.map((l) => `\`${l.slice(0, 80)}\``).join(", ")}`
    : "- No test run shared the machine.",
  "",
  table(rows),
  "",
  "Every arm, per round (req/s, latency in ms, server CPU-ms per request, server RSS in MB at the block's end):",
  "",
  "| arm | req/s | p50 | p99 | CPU-ms/req | RSS | non-2xx |",
  "|---|---|---|---|---|---|---|",
  ...latencyLines,
  "",
  "Lighthouse, mobile preset (simulated throttling), each run (metrics in ms):",
  "",
  "| page | run | performance | accessibility | FCP | LCP | TBT | CLS | Speed Index |",
  "|---|---|---|---|---|---|---|---|---|",
  ...lighthouseLines,
  "",
  `Click Pay → paid, each purchase (ms): ${payTimes.pay.map((ms) => ms.toFixed(0)).join(", ")}. Navigation to the floor page from the same checkout page: ${payTimes.navigation.map((ms) => ms.toFixed(0)).join(", ")}.`,
  "",
  `Storms: ${storms.map((s, i) => `#${i + 1} p99 ${s.webhookP99.toFixed(0)} ms vs floor ${s.floorP99.toFixed(0)} ms, ${s.credits} credit(s), ${s.stripeReads} Stripe read(s), ${s.failures} non-2xx`).join("; ")}.`,
  "",
].join("\n");
console.log(`\n${results}`);
writeFileSync("bench/results.md", results);
