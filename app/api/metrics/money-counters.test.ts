import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as metricsRoute } from "@/app/api/metrics/route";
import { productByKey, totalCoins } from "@/lib/catalog/products";
import { settleCheckoutFromStripe } from "@/lib/payments/apply-stripe-state";
import { stripe } from "@/lib/stripe-gateway/client";
import { signUpBuyer } from "@/test-support/buyers";
import { newEventDeliverer } from "@/test-support/new-events";
import { checkout, deliver, eventsAbout } from "@/test-support/route-calls";
import { startTestStripe, type TestStripe } from "@/test-support/test-stripe";

// What an operator's dashboard reads after real money moved: each counter moves by exactly what
// happened, however many copies of each webhook Stripe sent (every event here arrives twice).

const TOKEN = "metrics-token-for-money-counters-0123";

let sandbox: TestStripe;
beforeAll(async () => {
  sandbox = await startTestStripe({ deliverWebhooks: false });
  process.env.METRICS_TOKEN = TOKEN;
});
afterAll(async () => {
  delete process.env.METRICS_TOKEN;
  await sandbox.close();
});

async function scrape(): Promise<Map<string, number>> {
  const response = await metricsRoute(new Request("http://app.test/api/metrics", { headers: { authorization: `Bearer ${TOKEN}` } }), undefined);
  expect(response.status).toBe(200);
  const series = new Map<string, number>();
  for (const line of (await response.text()).split("\n")) {
    if (!line.startsWith("storefront_")) continue;
    const cut = line.lastIndexOf(" ");
    series.set(line.slice(0, cut), Number(line.slice(cut + 1)));
  }
  return series;
}

/** How much each of `names` moved between two scrapes. */
function moved(before: Map<string, number>, after: Map<string, number>, names: string[]): Record<string, number> {
  return Object.fromEntries(names.map((name) => [name, (after.get(name) ?? 0) - (before.get(name) ?? 0)]));
}

const deliverNewEvents = newEventDeliverer();

describe("the money counters an operator scrapes", () => {
  it("count one purchase, one refund and one failed webhook exactly once each, however often Stripe delivered them", async () => {
    const pack = productByKey("medium_pack");
    if (!pack || pack.kind !== "coins") throw new Error("the catalog sells a Medium pack of coins");
    await deliverNewEvents();
    const before = await scrape();

    const buyer = await signUpBuyer();
    const { sessionId } = await checkout(buyer, await sandbox.priceId("medium_pack"));
    await sandbox.control(`/_sandbox/checkout/sessions/${sessionId}/pay`, { card: "4242424242424242" });
    await deliverNewEvents();
    const session = await stripe().checkout.sessions.retrieve(sessionId);
    await stripe().refunds.create({ payment_intent: String(session.payment_intent), amount: 250 });
    await deliverNewEvents();

    // A webhook that arrives while Stripe cannot be reached for the re-read fails, and says so.
    const second = await checkout(buyer, await sandbox.priceId("small_pack"));
    await sandbox.control(`/_sandbox/checkout/sessions/${second.sessionId}/pay`, { card: "4242424242424242" });
    const [completed] = await eventsAbout(second.sessionId, "checkout.session.completed");
    if (!completed) throw new Error("the paid session has its checkout.session.completed event");
    const stripeApiBase = process.env.STRIPE_API_BASE;
    process.env.STRIPE_API_BASE = "http://127.0.0.1:9";
    try {
      expect((await deliver(completed)).status).toBe(503);
    } finally {
      process.env.STRIPE_API_BASE = stripeApiBase;
    }

    const after = await scrape();
    expect(
      moved(before, after, [
        'storefront_checkouts_created_total{product="medium_pack"}',
        'storefront_checkouts_created_total{product="small_pack"}',
        'storefront_payments_total{product="medium_pack",outcome="paid"}',
        "storefront_coins_credited_total",
        "storefront_refunds_total",
        'storefront_webhook_events_total{type="checkout.session.completed",outcome="processed"}',
        'storefront_webhook_events_total{type="checkout.session.completed",outcome="duplicate"}',
        'storefront_webhook_events_total{type="checkout.session.completed",outcome="failed"}',
      ]),
    ).toEqual({
      'storefront_checkouts_created_total{product="medium_pack"}': 1,
      'storefront_checkouts_created_total{product="small_pack"}': 1,
      'storefront_payments_total{product="medium_pack",outcome="paid"}': 1,
      storefront_coins_credited_total: totalCoins(pack),
      storefront_refunds_total: 1,
      'storefront_webhook_events_total{type="checkout.session.completed",outcome="processed"}': 1,
      'storefront_webhook_events_total{type="checkout.session.completed",outcome="duplicate"}': 1,
      'storefront_webhook_events_total{type="checkout.session.completed",outcome="failed"}': 1,
    });
  });

  it("count no payment for a checkout read while it is still open, however often it is read", async () => {
    const buyer = await signUpBuyer();
    const { sessionId } = await checkout(buyer, await sandbox.priceId("small_pack"));
    const before = await scrape();

    await settleCheckoutFromStripe(sessionId);
    await settleCheckoutFromStripe(sessionId);

    const after = await scrape();
    const payments = [...after.keys()].filter((name) => name.startsWith("storefront_payments_total"));
    expect(Object.entries(moved(before, after, payments)).filter(([, by]) => by !== 0)).toEqual([]);
  });
});
