import type Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { accountSummary, coinLedger, purchaseHistory } from "@/lib/account/account-views";
import { receiptUrlFor } from "@/lib/account/receipts";
import { currentUser } from "@/lib/auth/session";
import { db } from "@/lib/db";
import { enforceRateLimit } from "@/lib/http/rate-limit";
import { startCheckout } from "@/lib/payments/checkout/start-checkout";
import { settleCheckout } from "@/lib/payments/fulfilment/fulfil-checkout";
import { syncSubscriptionPlan } from "@/lib/payments/fulfilment/plan-sync";
import { spendFeature } from "@/lib/payments/fulfilment/spends";
import { reconcile } from "@/lib/payments/reconcile";
import { paymentStatusForSessionToken } from "@/lib/payments/status/status-for-buyer";
import { onceClaimed } from "@/lib/payments/webhook/event-claims";
import { handleStripeEvent } from "@/lib/payments/webhook/handle-stripe-event";
import type { CheckoutSnapshot } from "@/lib/stripe-gateway/checkout-sessions";
import { signUpBuyer, type TestBuyer } from "@/test-support/buyers";
import { startTestStripe, type TestStripe } from "@/test-support/test-stripe";
import { tablesOfAtLeast, wholeReadsOfBigTables } from "@/test-support/query-plans";

// Every query on a money path or a page, on a database the size of a busy year (3,000 buyers,
// 60,000 purchases, events, ledger entries and spends): none may read a big table whole. The
// statements EXPLAINed are the ones the code sends, caught at the pg driver while the real
// functions run (test-support/timeline.ts), with the values they were sent with: a query that
// changes is EXPLAINed as it now is.

/** Tables with at least this many rows count as big: a whole read of one is what this test refuses. */
const BIG = 1000;

let sandbox: TestStripe;
let bigTables: Set<string>;
let signedIn: TestBuyer;

const soon = () => Math.floor(Date.now() / 1000) + 3600;

/** What Stripe would say of a one-time Checkout Session: read by the test, as the webhook would have. */
function checkoutSnapshot(sessionId: string, paymentIntent: string, paid: boolean): CheckoutSnapshot {
  const session = {
    id: sessionId,
    object: "checkout.session",
    mode: "payment",
    status: paid ? "complete" : "open",
    payment_status: paid ? "paid" : "unpaid",
    payment_intent: paymentIntent,
    subscription: null,
    invoice: null,
    url: null,
    metadata: {},
    amount_total: 1000,
    currency: "usd",
    expires_at: soon(),
    // What was bought, as the storefront's read expands it: the seeded purchases are Medium packs.
    line_items: { object: "list", data: [{ quantity: 1, price: { id: "price_medium", lookup_key: "storefront_medium_pack" } }] },
  } as unknown as Stripe.Checkout.Session;
  return { session, paymentIntent: null, subscription: null, readStartedAt: new Date(), readFinishedAt: new Date() };
}

function subscriptionSnapshot(subscriptionId: string) {
  const value = {
    id: subscriptionId,
    object: "subscription",
    status: "active",
    cancel_at_period_end: false,
    items: { data: [{ price: { lookup_key: "storefront_starter_monthly", metadata: {} }, current_period_end: soon() + 30 * 86_400 }] },
  } as unknown as Stripe.Subscription;
  return { value, readStartedAt: new Date(), readFinishedAt: new Date() };
}

beforeAll(async () => {
  sandbox = await startTestStripe({ deliverWebhooks: false });
  await db.$executeRawUnsafe(`
    INSERT INTO "user" (id, name, email, "updatedAt")
    SELECT 'user_' || g, 'Buyer ' || g, 'buyer' || g || '@example.com', now() FROM generate_series(1, 3000) g`);
  await db.$executeRawUnsafe(`
    INSERT INTO purchase (id, "checkoutSessionId", "userId", "productKey", mode, "amountCents", currency, status, "expiresAt", "paymentIntentId", "fulfilledAt", "createdAt", "updatedAt")
    SELECT 'p_' || g, 'cs_test_' || g, 'user_' || (g % 3000 + 1), 'medium_pack', 'payment', 1000, 'usd',
           CASE WHEN g % 50 = 0 THEN 'unpaid'::"PaymentStatus" ELSE 'paid'::"PaymentStatus" END,
           now() - (g || ' minutes')::interval, 'pi_' || g,
           CASE WHEN g % 50 = 0 THEN NULL ELSE now() END,
           now() - (g || ' minutes')::interval, now()
    FROM generate_series(1, 60000) g`);
  await db.$executeRawUnsafe(`
    INSERT INTO coin_ledger_entry (id, "userId", delta, reason, "sourceId", "checkoutSessionId", "createdAt")
    SELECT 'l_' || g, 'user_' || (g % 3000 + 1), 500, 'purchase', 'cs_test_' || g, 'cs_test_' || g, now() - (g || ' minutes')::interval
    FROM generate_series(1, 60000) g WHERE g % 50 <> 0`);
  await db.$executeRawUnsafe(`
    INSERT INTO dispute (id, "userId", "checkoutSessionId", status)
    SELECT 'dp_' || g, 'user_' || (g % 3000 + 1), 'cs_test_' || g, CASE WHEN g % 300 = 0 THEN 'won' ELSE 'needs_response' END
    FROM generate_series(100, 60000, 100) g`);
  await db.$executeRawUnsafe(`
    INSERT INTO stripe_event (id, type, "objectId", "createdAt")
    SELECT 'evt_' || g, 'checkout.session.completed', 'cs_test_' || g, now() FROM generate_series(1, 60000) g`);
  await db.$executeRawUnsafe(`
    INSERT INTO plan ("userId", tier, status, "sourceId", "updatedAt")
    SELECT 'user_' || g, 'starter', CASE WHEN g % 100 = 9 THEN 'canceled'::"PlanStatus" ELSE 'active'::"PlanStatus" END, 'sub_' || g, now() FROM generate_series(1, 3000) g`);
  await db.$executeRawUnsafe(`
    INSERT INTO session (id, "expiresAt", token, "updatedAt", "userId")
    SELECT 'session_' || g, now() + interval '7 days', 'token_' || g, now(), 'user_' || g FROM generate_series(1, 3000) g`);
  await db.$executeRawUnsafe(`
    INSERT INTO usage_spend (id, "userId", "idempotencyKey", feature, source)
    SELECT 'spend_' || g, 'user_' || (g % 3000 + 1), 'key_' || g, 'generation', 'allowance' FROM generate_series(1, 60000) g`);
  await db.$executeRawUnsafe(`ANALYZE`);
  bigTables = await tablesOfAtLeast(BIG);
  signedIn = await signUpBuyer();
}, 120_000);
afterAll(() => sandbox.close());

describe("the queries on money paths and pages, on a year's worth of rows", () => {
  /** A path, a statement it must send (so the path is known to have reached its queries), its work, and a whole read that is its point. */
  const paths: [string, RegExp, () => Promise<unknown>, RegExp?][] = [
    [
      "an event's claim, the take-over of a dead one, and its outcome (every webhook)",
      /stripe_event/,
      async () => {
        const ignored = async () => ({ outcome: "ignored" as const, reason: "measured" });
        await onceClaimed({ id: "evt_123", type: "checkout.session.completed", created: soon() }, ignored);
        await onceClaimed({ id: "evt_never_seen", type: "checkout.session.completed", created: soon() }, ignored);
      },
    ],
    ["a settled status poll's session check and purchase, in one statement", /FROM session/, () => paymentStatusForSessionToken("token_7", "cs_test_6")],
    ["the API rate limit's counter (every API request)", /rate_limit_counter/, () => enforceRateLimit(new Request("http://app.test/api/account", { headers: { "x-forwarded-for": "203.0.113.7" } }))],
    [
      "a checkout's settlement: the purchase locked by its session, the coins credited, a settled one left alone",
      /coin_ledger_entry/,
      async () => {
        await settleCheckout(checkoutSnapshot("cs_test_50", "pi_50", true));
        await settleCheckout(checkoutSnapshot("cs_test_6", "pi_6", true));
      },
    ],
    [
      "a payment event's purchase, found by its PaymentIntent",
      /"paymentIntentId" = \$1/,
      () =>
        handleStripeEvent({
          id: "evt_payment_6",
          object: "event",
          type: "payment_intent.succeeded",
          livemode: false,
          created: soon(),
          data: { object: { id: "pi_6", object: "payment_intent" } },
        } as unknown as Stripe.Event),
    ],
    ["a subscription's recorded state and the plans it backs (every subscription event)", /FROM "plan" WHERE "sourceId"/, () => syncSubscriptionPlan(subscriptionSnapshot("sub_123"))],
    [
      "the account page: the summary, the purchase history with disputes, the coin history with products",
      /coin_ledger_entry/,
      async () => {
        await accountSummary("user_7");
        await purchaseHistory("user_7");
        await coinLedger("user_7");
      },
    ],
    ["a receipt's ownership check", /purchase/, () => receiptUrlFor("user_101", "cs_test_100")],
    [
      "a plan checkout's start: the plan, payments still settling, earlier plan checkouts, the customer and the new purchase",
      /FROM "public"\."purchase" WHERE .*"status"/,
      async () => startCheckout({ id: "user_9", email: "buyer9@example.com" }, await sandbox.priceId("starter"), "http://app.test"),
    ],
    [
      "reconciliation's unsettled checkouts and replaced subscriptions",
      /supersededSubscriptionId/,
      () => reconcile(),
      // Every live subscription is re-read from Stripe, so their plans are most of the table.
      /^plan in: SELECT .* FROM "public"\."plan" WHERE .*"public"\."plan"\."sourceId"::text LIKE/,
    ],
    [
      "the session behind a cookie (every signed-in request)",
      /"session"/,
      async () => expect(await currentUser(signedIn.headers)).toMatchObject({ id: signedIn.id }),
    ],
    ["a spend's idempotency key and the allowance it draws on", /usage_spend/, () => spendFeature("user_7", "k_measured", "generation")],
  ];

  it.each(paths)("reads %s through an index", async (_name, reaches, work, meant) => {
    const { statements, wholeReads } = await wholeReadsOfBigTables(work, bigTables, meant);

    expect(statements.map((s) => s.text).some((text) => reaches.test(text)), `no statement matched ${reaches}`).toBe(true);
    expect(wholeReads).toEqual([]);
  }, 60_000);
});
