import { products } from "@/lib/catalog/products";
import { databasePool } from "@/lib/db";

// A store after a busy year, written straight into the database with generate_series: the
// console's queries are EXPLAINed (and benchmarked) against it. Ids look like Stripe's, so a search
// by cs_/pi_/sub_/in_/evt_ id or by email finds real rows: buyer N is bulk-buyer-N@example.com,
// purchase N is cs_test_bulk_N (pi_bulk_N when paid, sub_bulk_N for plans), event N is evt_bulk_N.

export interface BusyStoreSize {
  buyers: number;
  purchases: number;
  events: number;
}

export const BUSY_YEAR: BusyStoreSize = { buyers: 5_000, purchases: 100_000, events: 1_000_000 };

// Purchase N buys the catalog's product (N % 7): three packs, the three plans (subscriptions), Lifetime.
const SOLD = ["small_pack", "medium_pack", "large_pack", "starter", "advanced", "professional", "lifetime"].map((key) => {
  const product = products.find((each) => each.key === key);
  if (!product) throw new Error(`the catalog has no ${key}`);
  return product;
});
const PRODUCTS = `ARRAY[${SOLD.map((product) => `'${product.key}'`).join(",")}]`;
const PRICES = `ARRAY[${SOLD.map((product) => product.cents).join(",")}]`;
const STATUSES = `ARRAY['paid','paid','paid','paid','paid','paid','failed','expired','unpaid','processing']::"PaymentStatus"[]`;
const EVENT_TYPES = `ARRAY['checkout.session.completed','payment_intent.succeeded','invoice.paid','customer.subscription.updated','charge.refunded','charge.dispute.created','customer.subscription.deleted','checkout.session.expired']`;

/** Fills an empty, migrated database; purchases and events spread over the past year. */
export async function fillBusyStore(size: BusyStoreSize = BUSY_YEAR): Promise<void> {
  const pool = databasePool();
  await pool.query(
    `INSERT INTO "user" (id, name, email, "updatedAt", "createdAt", "coinBalance", "stripeTestCustomerId")
     SELECT 'bulk_user_' || g, 'Bulk Buyer ' || g, 'bulk-buyer-' || g || '@example.com', now(), now() - make_interval(days => g % 365), (g % 7) * 500, 'cus_bulk_' || g
     FROM generate_series(1, $1::int) g`,
    [size.buyers],
  );
  await pool.query(
    `INSERT INTO purchase (id, "checkoutSessionId", "userId", "productKey", mode, "amountCents", currency, status, "expiresAt",
                           "paymentIntentId", "subscriptionId", "fulfilledAt", "refundedCents", "createdAt", "updatedAt")
     SELECT 'bulk_purchase_' || g, 'cs_test_bulk_' || g, 'bulk_user_' || (g % $2::int + 1),
            (${PRODUCTS})[g % 7 + 1],
            CASE WHEN g % 7 BETWEEN 3 AND 5 THEN 'subscription'::"CheckoutMode" ELSE 'payment'::"CheckoutMode" END,
            (${PRICES})[g % 7 + 1], 'usd', (${STATUSES})[g % 10 + 1],
            at + interval '1 day',
            CASE WHEN g % 10 < 6 THEN 'pi_bulk_' || g END,
            CASE WHEN g % 7 BETWEEN 3 AND 5 THEN 'sub_bulk_' || g END,
            CASE WHEN g % 10 < 6 THEN at + interval '1 minute' END,
            CASE WHEN g % 97 = 0 AND g % 10 < 6 THEN (${PRICES})[g % 7 + 1] / 2 ELSE 0 END,
            at, at
     FROM (SELECT g, now() - make_interval(secs => g * (31536000.0 / $1::int)) AS at FROM generate_series(1, $1::int) g) spread`,
    [size.purchases, size.buyers],
  );
  await pool.query(
    `INSERT INTO coin_ledger_entry (id, "userId", delta, reason, "sourceId", "checkoutSessionId", "createdAt")
     SELECT 'bulk_ledger_' || p.id, p."userId", 500, 'purchase', p."checkoutSessionId", p."checkoutSessionId", p."createdAt"
     FROM purchase p WHERE p.id LIKE 'bulk_purchase_%' AND p.status = 'paid' AND p.mode = 'payment'`,
  );
  await pool.query(
    `INSERT INTO dispute (id, "userId", "checkoutSessionId", status, "createdAt", "closedAt")
     SELECT 'dp_bulk_' || g, 'bulk_user_' || (g % $2::int + 1), 'cs_test_bulk_' || g,
            CASE WHEN g % 3 = 0 THEN 'needs_response' WHEN g % 3 = 1 THEN 'won' ELSE 'lost' END,
            now() - make_interval(secs => g * (31536000.0 / $1::int)),
            CASE WHEN g % 3 = 0 THEN NULL ELSE now() - make_interval(secs => g * (31536000.0 / $1::int)) + interval '7 days' END
     FROM generate_series(500, $1::int, 500) g`,
    [size.purchases, size.buyers],
  );
  await pool.query(
    `INSERT INTO stripe_event (id, type, "objectId", "createdAt", "firstSeenAt", "claimedAt", "processedAt", outcome, attempts, "lastError")
     SELECT 'evt_bulk_' || g, (${EVENT_TYPES})[g % 8 + 1], 'cs_test_bulk_' || (g % $2::int + 1), at, at, at,
            CASE WHEN g % 1000 = 0 THEN NULL ELSE at + make_interval(secs => (g % 50) / 100.0) END,
            CASE WHEN g % 1000 = 0 THEN NULL WHEN g % 9 = 0 THEN 'ignored: not a storefront object' WHEN g % 5 = 0 THEN 'duplicate' ELSE 'processed' END,
            CASE WHEN g % 1000 = 0 THEN 3 ELSE 1 END,
            CASE WHEN g % 1000 = 0 THEN 'Stripe could not be reached' END
     FROM (SELECT g, now() - make_interval(secs => g * (31536000.0 / $1::int)) AS at FROM generate_series(1, $1::int) g) spread`,
    [size.events, size.purchases],
  );
  await pool.query(
    `INSERT INTO audit_log_entry (id, "actorId", "actorEmail", action, "targetType", "targetId", reason, "requestId", "createdAt")
     SELECT 'bulk_audit_' || g, 'bulk_user_1', 'bulk-buyer-1@example.com', 'coins.adjust', 'user', 'bulk_user_' || (g % $1::int + 1),
            'bulk correction', 'req_bulk_' || g, now() - make_interval(hours => g)
     FROM generate_series(1, 5000) g`,
    [size.buyers],
  );
  await pool.query(
    `INSERT INTO reconcile_run (id, trigger, "startedAt", "finishedAt", checked, changed)
     SELECT 'bulk_run_' || g, 'cron', now() - make_interval(hours => g), now() - make_interval(hours => g) + interval '2 seconds', 40, g % 3
     FROM generate_series(1, 2000) g`,
  );
  // A year-old store has been vacuumed by autovacuum many times over, so its tables' pages are
  // marked all-visible and index-only reads need not visit them; rows written a moment ago are not.
  await pool.query(`VACUUM ANALYZE`);
}
