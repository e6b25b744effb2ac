import type Stripe from "stripe";
import { products, type ProductKey } from "@/lib/catalog/products";

// Stripe's record of one buyer, read back from the sandbox after a round has settled: every
// customer with the buyer's email, their subscriptions (with schedules), invoices (with
// payments), charges (with refunds and disputes) and Checkout Sessions. The invariants compare
// the storefront with this and nothing else.

export interface StripeRecord {
  customers: string[];
  subscriptions: Stripe.Subscription[];
  schedules: Map<string, Stripe.SubscriptionSchedule>;
  invoices: Stripe.Invoice[];
  /** The invoice each PaymentIntent paid (or tried to). */
  invoiceOfIntent: Map<string, Stripe.Invoice>;
  charges: Stripe.Charge[];
  refunds: Map<string, Stripe.Refund[]>;
  disputes: Map<string, Stripe.Dispute[]>;
  sessions: { session: Stripe.Checkout.Session; product: ProductKey }[];
}

/** What each session sold never changes: its line items are read once. */
const productOfSession = new Map<string, ProductKey>();

async function productOf(stripe: Stripe, sessionId: string): Promise<ProductKey> {
  const known = productOfSession.get(sessionId);
  if (known) return known;
  const items = await stripe.checkout.sessions.listLineItems(sessionId, { expand: ["data.price"] });
  const product = products.find((p) => p.lookupKey === items.data[0]?.price?.lookup_key);
  if (!product) throw new Error(`session ${sessionId} sold no catalog product`);
  productOfSession.set(sessionId, product.key);
  return product.key;
}

export function idOf(value: string | { id: string } | null | undefined): string | null {
  return typeof value === "string" ? value : (value?.id ?? null);
}

export async function readStripeRecord(stripe: Stripe, email: string): Promise<StripeRecord> {
  const record: StripeRecord = {
    customers: [],
    subscriptions: [],
    schedules: new Map(),
    invoices: [],
    invoiceOfIntent: new Map(),
    charges: [],
    refunds: new Map(),
    disputes: new Map(),
    sessions: [],
  };
  record.customers = (await stripe.customers.list({ email, limit: 100 })).data.map((c) => c.id);
  for (const customer of record.customers) {
    const subscriptions = await stripe.subscriptions.list({ customer, status: "all", limit: 100 }).autoPagingToArray({ limit: 1_000 });
    record.subscriptions.push(...subscriptions);
    for (const sub of subscriptions) {
      const scheduleId = idOf(sub.schedule);
      if (scheduleId) record.schedules.set(sub.id, await stripe.subscriptionSchedules.retrieve(scheduleId));
    }
    const invoices = await stripe.invoices.list({ customer, limit: 100, expand: ["data.payments"] }).autoPagingToArray({ limit: 1_000 });
    record.invoices.push(...invoices);
    for (const invoice of invoices) {
      for (const payment of invoice.payments?.data ?? []) {
        const intent = idOf(payment.payment.payment_intent);
        if (intent) record.invoiceOfIntent.set(intent, invoice);
      }
    }
    const charges = await stripe.charges.list({ customer, limit: 100 }).autoPagingToArray({ limit: 1_000 });
    record.charges.push(...charges);
    for (const charge of charges) {
      // A refund that failed gives amount_refunded back; any refund at all shows in the charge's list.
      if (charge.refunds?.data.length || charge.amount_refunded > 0) {
        record.refunds.set(charge.id, (await stripe.refunds.list({ charge: charge.id, limit: 100 })).data);
      }
      if (charge.disputed) record.disputes.set(charge.id, (await stripe.disputes.list({ charge: charge.id, limit: 100 })).data);
    }
    const sessions = await stripe.checkout.sessions.list({ customer, limit: 100 }).autoPagingToArray({ limit: 1_000 });
    for (const session of sessions) record.sessions.push({ session, product: await productOf(stripe, session.id) });
  }
  return record;
}

/** The succeeded charge that paid a payment-mode Checkout Session. */
export function chargeOfSession(record: StripeRecord, session: Stripe.Checkout.Session): Stripe.Charge | undefined {
  const intent = idOf(session.payment_intent);
  return intent ? record.charges.find((c) => idOf(c.payment_intent) === intent && c.status === "succeeded") : undefined;
}

/** Refunds that took money back (a failed or canceled refund did not). */
export function standingRefunds(record: StripeRecord, chargeId: string): Stripe.Refund[] {
  return (record.refunds.get(chargeId) ?? []).filter((r) => r.status !== "failed" && r.status !== "canceled");
}

export function lostDispute(record: StripeRecord, chargeId: string): Stripe.Dispute | undefined {
  return record.disputes.get(chargeId)?.find((d) => d.status === "lost");
}

export const liveStatuses: ReadonlySet<string> = new Set(["active", "trialing", "past_due", "unpaid", "incomplete", "paused"]);
export const inForceStatuses: ReadonlySet<string> = new Set(["active", "trialing", "past_due"]);

export function tierOfPrice(price: Stripe.Price | string | null | undefined): string | null {
  const lookup = typeof price === "object" && price !== null ? price.lookup_key : null;
  const product = products.find((p) => p.lookupKey === lookup);
  return product?.kind === "plan" ? product.tier : null;
}

/** The plan Stripe's record puts in force: a Lifetime paid and not taken back, else a subscription Stripe still collects. */
export type PlanTruth =
  | { kind: "lifetime"; sessionId: string; paidAt: number }
  | { kind: "subscription"; subscription: Stripe.Subscription; tier: string | null; scheduledTier: string | null }
  | null;

export function lifetimesInForce(record: StripeRecord): { sessionId: string; paidAt: number }[] {
  return record.sessions.flatMap(({ session, product }) => {
    if (product !== "lifetime" || session.payment_status !== "paid") return [];
    const charge = chargeOfSession(record, session);
    if (!charge || charge.refunded || lostDispute(record, charge.id)) return [];
    return [{ sessionId: session.id, paidAt: charge.created }];
  });
}

export function planTruth(record: StripeRecord): PlanTruth {
  const lifetime = lifetimesInForce(record)[0];
  if (lifetime) return { kind: "lifetime", ...lifetime };
  const collecting = record.subscriptions.filter((s) => inForceStatuses.has(s.status)).sort((a, b) => b.created - a.created)[0];
  if (!collecting) return null;
  const item = collecting.items.data[0];
  const schedule = record.schedules.get(collecting.id);
  const periodEnd = item?.current_period_end ?? 0;
  const next = schedule?.status === "active" ? schedule.phases.find((p) => p.start_date >= periodEnd) : undefined;
  const nextPrice = idOf(next?.items[0]?.price);
  const scheduledTier = nextPrice && nextPrice !== item?.price.id ? (tierByPriceId.get(nextPrice) ?? null) : null;
  return { kind: "subscription", subscription: collecting, tier: tierOfPrice(item?.price), scheduledTier };
}

/** A schedule's phases name prices by id only: the catalog's prices, by id, learnt once at the start. */
const tierByPriceId = new Map<string, string | null>();
export function rememberPrices(prices: Stripe.Price[]): void {
  for (const price of prices) tierByPriceId.set(price.id, tierOfPrice(price));
}
