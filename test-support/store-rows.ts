import { randomUUID } from "node:crypto";
import { productByKey } from "@/lib/catalog/products";
import { sql } from "@/lib/db";

// Tests write the rows a store would have (buyers, purchases, disputes, events,
// reconcile runs) straight into their database, each at a known moment, so the figures a store
// owner reads can be asserted to the cent and the millisecond.

const at = (moment: Date | null | undefined) => (moment ? moment.toISOString() : null);

export async function addBuyer(email = `buyer-${randomUUID()}@example.com`): Promise<{ id: string; email: string }> {
  const id = `user_${randomUUID()}`;
  await sql(`INSERT INTO "user" (id, name, email, "updatedAt") VALUES ($1, 'Overview Buyer', $2, now())`, [id, email]);
  return { id, email };
}

export interface PurchaseRow {
  userId: string;
  productKey: string;
  amountCents: number;
  status: "paid" | "unpaid" | "processing" | "expired" | "failed" | "canceled" | "no_payment_required";
  createdAt: Date;
  fulfilledAt?: Date;
  refundedCents?: number;
  taxCents?: number;
  currency?: string;
}

/** Answers the purchase's Checkout Session id. */
export async function addPurchase(row: PurchaseRow): Promise<string> {
  const checkoutSessionId = `cs_test_${randomUUID().replaceAll("-", "")}`;
  const mode = productByKey(row.productKey)?.kind === "plan" && row.productKey !== "lifetime" ? "subscription" : "payment";
  await sql(
    `INSERT INTO purchase (id, "checkoutSessionId", "userId", "productKey", mode, "amountCents", currency, status, "expiresAt",
                           "fulfilledAt", "refundedCents", "taxCents", "createdAt", "updatedAt")
     VALUES ($1, $2, $3, $4, $5::"CheckoutMode", $6, $7, $8::"PaymentStatus", $9::timestamp + interval '1 day', $10::timestamp, $11, $12, $9::timestamp, $9::timestamp)`,
    [randomUUID(), checkoutSessionId, row.userId, row.productKey, mode, row.amountCents, row.currency ?? "usd", row.status, at(row.createdAt), at(row.fulfilledAt), row.refundedCents ?? 0, row.taxCents ?? 0],
  );
  return checkoutSessionId;
}

export async function addDispute(row: { id?: string; userId: string; checkoutSessionId: string; status: string; createdAt: Date }): Promise<string> {
  const id = row.id ?? `dp_${randomUUID().replaceAll("-", "")}`;
  await sql(`INSERT INTO dispute (id, "userId", "checkoutSessionId", status, "createdAt") VALUES ($1, $2, $3, $4, $5::timestamp)`, [
    id,
    row.userId,
    row.checkoutSessionId,
    row.status,
    at(row.createdAt),
  ]);
  return id;
}

export interface EventRow {
  id?: string;
  type?: string;
  firstSeenAt: Date;
  claimedAt?: Date;
  processedAt?: Date;
  outcome?: string;
  attempts?: number;
  lastError?: string;
}

export async function addEvent(row: EventRow): Promise<string> {
  const id = row.id ?? `evt_${randomUUID().replaceAll("-", "")}`;
  await sql(
    `INSERT INTO stripe_event (id, type, "createdAt", "firstSeenAt", "claimedAt", "processedAt", outcome, attempts, "lastError")
     VALUES ($1, $2, $3::timestamp, $3::timestamp, $4::timestamp, $5::timestamp, $6, $7, $8)`,
    [id, row.type ?? "checkout.session.completed", at(row.firstSeenAt), at(row.claimedAt), at(row.processedAt), row.outcome ?? null, row.attempts ?? 1, row.lastError ?? null],
  );
  return id;
}

export async function addReconcileRun(row: { trigger: string; startedAt: Date; finishedAt?: Date; checked: number; changed: number; errors?: number; drift: unknown[] }): Promise<string> {
  const id = randomUUID();
  await sql(
    `INSERT INTO reconcile_run (id, trigger, "startedAt", "finishedAt", checked, changed, errors, drift) VALUES ($1, $2, $3::timestamp, $4::timestamp, $5, $6, $7, $8::jsonb)`,
    [id, row.trigger, at(row.startedAt), at(row.finishedAt), row.checked, row.changed, row.errors ?? 0, JSON.stringify(row.drift)],
  );
  return id;
}

/** `now` moved by whole days, hours, minutes, seconds and milliseconds (negative: earlier). */
export function shifted(now: Date, by: { days?: number; hours?: number; minutes?: number; seconds?: number; ms?: number }): Date {
  const ms = ((((by.days ?? 0) * 24 + (by.hours ?? 0)) * 60 + (by.minutes ?? 0)) * 60 + (by.seconds ?? 0)) * 1000 + (by.ms ?? 0);
  return new Date(now.getTime() + ms);
}
