import type Stripe from "stripe";
import { performance } from "node:perf_hooks";
import { createFreshDatabase } from "@/lib/testing/databases";
import { signUpBuyer } from "@/lib/testing/buyers";
import { checkout, coinsOf, deliver, eventsAbout } from "@/lib/testing/storefront";
import { startTestStripe } from "@/lib/testing/test-stripe";

// `npm run bench`: throughput and latency of the money paths on this machine, against PostgreSQL
// when TEST_DATABASE_URL is set (else embedded PGlite) and the in-process Stripe sandbox.

const database = await createFreshDatabase();
const { db } = await import("@/lib/db");
const sandbox = await startTestStripe({ deliverWebhooks: false });
const smallPack = await sandbox.priceId("small_pack");

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

async function timed<T>(work: () => Promise<T>, samples: number[]): Promise<T> {
  const start = performance.now();
  const result = await work();
  samples.push(performance.now() - start);
  return result;
}

async function inBatches<T>(items: T[], concurrency: number, work: (item: T) => Promise<void>): Promise<void> {
  const queue = [...items];
  await Promise.all(Array.from({ length: concurrency }, async () => {
    for (let item = queue.shift(); item !== undefined; item = queue.shift()) await work(item);
  }));
}

function report(name: string, samples: number[], wallMs: number): void {
  const sorted = [...samples].sort((a, b) => a - b);
  const rate = (samples.length / wallMs) * 1000;
  console.log(
    `${name.padEnd(44)} n=${String(samples.length).padStart(4)}  ${rate.toFixed(0).padStart(5)}/s  p50 ${percentile(sorted, 50).toFixed(1)} ms  p95 ${percentile(sorted, 95).toFixed(1)} ms`,
  );
}

const BUYERS = 100;
console.log(`database: ${database.embedded ? "embedded PGlite" : "PostgreSQL"}; ${BUYERS} buyers`);
const buyers = await Promise.all(Array.from({ length: BUYERS }, () => signUpBuyer()));

const checkoutSamples: number[] = [];
let wall = performance.now();
const sessions: string[] = [];
await inBatches(buyers, 8, async (buyer) => {
  sessions.push((await timed(() => checkout(buyer, smallPack), checkoutSamples)).sessionId);
});
report("checkout start (new customer + session)", checkoutSamples, performance.now() - wall);

for (const sessionId of sessions) await sandbox.control(`/_sandbox/checkout/sessions/${sessionId}/pay`, { card: "4242424242424242" });
const completed: Stripe.Event[] = (await stripeEventsOfType("checkout.session.completed")).filter((e) =>
  sessions.includes((e.data.object as Stripe.Checkout.Session).id),
);

const webhookSamples: number[] = [];
wall = performance.now();
await inBatches(completed, 8, async (event) => {
  const response = await timed(() => deliver(event), webhookSamples);
  if (response.status !== 200) throw new Error(`webhook answered ${response.status}`);
});
report("webhook: completed → fulfil (8 concurrent)", webhookSamples, performance.now() - wall);

const replaySamples: number[] = [];
wall = performance.now();
await inBatches(completed, 8, async (event) => void (await timed(() => deliver(event), replaySamples)));
report("webhook: redelivery of a processed event", replaySamples, performance.now() - wall);

const [first] = completed;
if (first) {
  const stormSamples: number[] = [];
  const storm = await eventsAbout((first.data.object as Stripe.Checkout.Session).id);
  wall = performance.now();
  await Promise.all(Array.from({ length: 50 }, () => storm.map((event) => timed(() => deliver(event), stormSamples))).flat());
  report("webhook: 50 copies of every event of one payment", stormSamples, performance.now() - wall);
}

const credited = await Promise.all(buyers.map((b) => coinsOf(b.id)));
const wrong = credited.filter((c) => c.balance !== 200 || c.ledgerEntries !== 1);
console.log(wrong.length === 0 ? `every buyer credited exactly once` : `${wrong.length} buyers credited wrongly`);
console.log(`memory: rss ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MiB`);

async function stripeEventsOfType(type: string): Promise<Stripe.Event[]> {
  const { stripe } = await import("@/lib/stripe");
  const events: Stripe.Event[] = [];
  for await (const event of stripe().events.list({ type, limit: 100 })) events.push(event);
  return events;
}

await sandbox.close();
await db.$disconnect();
await database.drop();
if (wrong.length > 0) process.exitCode = 1;
