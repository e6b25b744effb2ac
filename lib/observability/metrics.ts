import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";
import { products } from "@/lib/catalog/products";
import { poolCounters } from "@/lib/db";

// The figures GET /api/metrics serves, per instance, in Prometheus's text format (the alert rules
// and the dashboard in ops/ read them). Code records them through the small functions below,
// whose label values are bounded: a label takes a route's template, never its URL, and a value
// outside the known set (or past a label's cap) is counted as "other", so no request can make
// the series multiply.
//
// Built on first use and kept on globalThis: Next's dev server re-evaluates modules on every
// change and may bundle this module into several route chunks, and a metric registered twice, or
// counted in a registry nobody scrapes, would be wrong.

const PREFIX = "storefront_";
const OTHER = "other";

export type WebhookOutcome = "processed" | "duplicate" | "ignored" | "failed";
const PAYMENT_OUTCOMES = ["paid", "failed", "expired", "canceled"] as const;
export type PaymentOutcome = (typeof PAYMENT_OUTCOMES)[number];

/** A payment status that is an outcome payments_total counts (paid, failed, expired, canceled). */
export function isPaymentOutcome(status: string): status is PaymentOutcome {
  return (PAYMENT_OUTCOMES as readonly string[]).includes(status);
}
/** How a call to Stripe ended (lib/stripe-gateway/calls.ts). */
export type StripeOutcome = "ok" | "missing" | "declined" | "invalid" | "replayed_failure" | "unavailable" | "unauthorized" | "unknown";
const LIMITERS = ["api", "sign-in"] as const;
type Limiter = (typeof LIMITERS)[number];

const METHODS: ReadonlySet<string> = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);
const PRODUCTS: ReadonlySet<string> = new Set(products.map((product) => product.key));

/** A label's values as they come, until `cap` distinct ones have been seen; later ones are "other". */
class BoundedLabel {
  private readonly seen = new Set<string>();
  constructor(private readonly cap: number) {}

  of(value: string): string {
    if (this.seen.has(value)) return value;
    if (this.seen.size >= this.cap || value.length > 120) return OTHER;
    this.seen.add(value);
    return value;
  }
}

const SECONDS_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const STRIPE_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

function build() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: PREFIX });
  const registers = [registry];
  return {
    registry,
    routes: new BoundedLabel(100),
    eventTypes: new BoundedLabel(100),
    operations: new BoundedLabel(100),
    httpRequests: new Counter({ name: `${PREFIX}http_requests_total`, help: "API requests answered, by route template, method and status.", labelNames: ["route", "method", "status"], registers }),
    httpSeconds: new Histogram({ name: `${PREFIX}http_request_duration_seconds`, help: "Time to answer an API request.", labelNames: ["route", "method", "status"], buckets: SECONDS_BUCKETS, registers }),
    webhookEvents: new Counter({ name: `${PREFIX}webhook_events_total`, help: "Stripe webhook events received, by type and outcome.", labelNames: ["type", "outcome"], registers }),
    webhookSeconds: new Histogram({ name: `${PREFIX}webhook_processing_seconds`, help: "Time to process one Stripe webhook event.", buckets: SECONDS_BUCKETS, registers }),
    stripeRequests: new Counter({ name: `${PREFIX}stripe_requests_total`, help: "Calls to Stripe's API, by operation and outcome.", labelNames: ["operation", "outcome"], registers }),
    stripeSeconds: new Histogram({ name: `${PREFIX}stripe_request_duration_seconds`, help: "Time a call to Stripe's API took, retries included.", labelNames: ["operation", "outcome"], buckets: STRIPE_BUCKETS, registers }),
    checkouts: new Counter({ name: `${PREFIX}checkouts_created_total`, help: "Checkout Sessions created, by product.", labelNames: ["product"], registers }),
    payments: new Counter({ name: `${PREFIX}payments_total`, help: "Checkouts settled, by product and outcome.", labelNames: ["product", "outcome"], registers }),
    coins: new Counter({ name: `${PREFIX}coins_credited_total`, help: "Coins credited to buyers.", registers }),
    refunds: new Counter({ name: `${PREFIX}refunds_total`, help: "Refunds recorded.", registers }),
    disputes: new Counter({ name: `${PREFIX}disputes_total`, help: "Disputes opened against payments.", registers }),
    rateLimited: new Counter({ name: `${PREFIX}rate_limited_total`, help: "Requests refused by a rate limit, by limiter.", labelNames: ["limiter"], registers }),
    reconcileRuns: new Counter({ name: `${PREFIX}reconcile_runs_total`, help: "Reconcile runs finished.", registers }),
    reconcileDrift: new Counter({ name: `${PREFIX}reconcile_drift_total`, help: "Purchases reconcile found out of step with Stripe and corrected.", registers }),
    dbPool: new Gauge({
      name: `${PREFIX}db_pool_connections`,
      help: "Database pool connections by state: in use, idle, and requests waiting for one.",
      labelNames: ["state"],
      registers,
      // Read from the pool's own counters when scraped: no query, nothing to keep up to date.
      collect() {
        const counters = poolCounters() ?? { inUse: 0, idle: 0, waiting: 0 };
        this.set({ state: "in_use" }, counters.inUse);
        this.set({ state: "idle" }, counters.idle);
        this.set({ state: "waiting" }, counters.waiting);
      },
    }),
  };
}

/**
 * Known series start at 0 rather than appearing with their first count: Prometheus's rate() and
 * increase() cannot see the count that creates a series, and the alert rules compare them.
 */
function withZeroSeries(built: ReturnType<typeof build>): ReturnType<typeof build> {
  for (const product of PRODUCTS) {
    built.checkouts.inc({ product }, 0);
    for (const outcome of PAYMENT_OUTCOMES) built.payments.inc({ product, outcome }, 0);
  }
  for (const limiter of LIMITERS) built.rateLimited.inc({ limiter }, 0);
  return built;
}

type Metrics = ReturnType<typeof build>;
const globalForMetrics = globalThis as unknown as { storefrontMetrics?: Metrics };

function metrics(): Metrics {
  globalForMetrics.storefrontMetrics ??= withZeroSeries(build());
  return globalForMetrics.storefrontMetrics;
}

/**
 * The metrics to count in, or null while METRICS_TOKEN is unset: then nothing can scrape them
 * (the route answers 503), so nothing is counted. Read alone, not through env(), as the logger
 * reads LOG_LEVEL: counting must never throw because some other setting is invalid.
 */
function counting(): Metrics | null {
  return process.env.METRICS_TOKEN ? metrics() : null;
}

function statusLabel(status: number): string {
  return Number.isInteger(status) && status >= 100 && status <= 599 ? String(status) : OTHER;
}

/** One answered API request; `route` is its template (/api/check-payment-status/[sessionId]). */
export function recordHttpRequest(route: string, method: string, status: number, seconds: number): void {
  const m = counting();
  if (!m) return;
  const labels = { route: m.routes.of(route), method: METHODS.has(method) ? method : OTHER, status: statusLabel(status) };
  m.httpRequests.inc(labels);
  m.httpSeconds.observe(labels, seconds);
}

export function recordWebhookEvent(type: string, outcome: WebhookOutcome, seconds: number): void {
  const m = counting();
  if (!m) return;
  m.webhookEvents.inc({ type: /^[a-z_.]+$/.test(type) ? m.eventTypes.of(type) : OTHER, outcome });
  m.webhookSeconds.observe(seconds);
}

/** One call to Stripe; `operation` names its endpoint with ids taken out (GET /v1/charges/{id}). */
export function recordStripeRequest(operation: string, outcome: StripeOutcome, seconds: number): void {
  const m = counting();
  if (!m) return;
  const labels = { operation: m.operations.of(operation), outcome };
  m.stripeRequests.inc(labels);
  m.stripeSeconds.observe(labels, seconds);
}

const productLabel = (product: string) => (PRODUCTS.has(product) ? product : OTHER);

export function recordCheckoutCreated(product: string): void {
  counting()?.checkouts.inc({ product: productLabel(product) });
}

export function recordPayment(product: string, outcome: PaymentOutcome): void {
  counting()?.payments.inc({ product: productLabel(product), outcome });
}

export function recordCoinsCredited(coins: number): void {
  if (coins > 0) counting()?.coins.inc(coins);
}

export function recordRefund(): void {
  counting()?.refunds.inc();
}

export function recordDispute(): void {
  counting()?.disputes.inc();
}

export function recordRateLimited(limiter: Limiter): void {
  counting()?.rateLimited.inc({ limiter });
}

/** One finished reconcile run and how many purchases it found out of step. */
export function recordReconcileRun(drift: number): void {
  const m = counting();
  if (!m) return;
  m.reconcileRuns.inc();
  if (drift > 0) m.reconcileDrift.inc(drift);
}

/** This instance's figures in Prometheus's text format. */
export async function renderMetrics(): Promise<{ contentType: string; body: string }> {
  const { registry } = metrics();
  return { contentType: registry.contentType, body: await registry.metrics() };
}
