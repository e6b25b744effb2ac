import { randomUUID } from "node:crypto";
import type { AppInstance } from "./app";
import type { Buyer } from "./storefront";

// What a buyer's browser sends to either storefront instance during the plan property, over
// HTTP with the buyer's cookie. Every request comes from a fresh client address (a phone moving
// between networks): the property tests money, and hundreds of requests per buyer would
// otherwise meet the per-address rate limit, which other suites test.

export interface Answer<T = unknown> {
  status: number;
  body: T;
  text: string;
}

let addressNumber = 0;
function freshAddress(): string {
  addressNumber += 1;
  return `172.${16 + ((addressNumber >> 16) & 15)}.${(addressNumber >> 8) & 255}.${addressNumber & 255}`;
}

async function answerOf<T>(response: Response): Promise<Answer<T>> {
  const text = await response.text();
  let body: unknown = null;
  try {
    body = JSON.parse(text);
  } catch {
    body = null;
  }
  return { status: response.status, body: body as T, text };
}

export async function postJson<T>(app: AppInstance, buyer: Buyer, path: string, body?: object): Promise<Answer<T>> {
  const response = await fetch(`${app.url}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: app.url, cookie: buyer.cookie, "x-forwarded-for": freshAddress() },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(60_000),
  });
  return answerOf<T>(response);
}

export async function getJson<T>(app: AppInstance, buyer: Buyer, path: string): Promise<Answer<T>> {
  const response = await fetch(`${app.url}${path}`, {
    headers: { cookie: buyer.cookie, "x-forwarded-for": freshAddress() },
    signal: AbortSignal.timeout(60_000),
  });
  return answerOf<T>(response);
}

export interface CheckoutStarted {
  sessionId: string;
  url: string;
}

export function startCheckout(app: AppInstance, buyer: Buyer, priceId: string): Promise<Answer<CheckoutStarted>> {
  return postJson<CheckoutStarted>(app, buyer, "/api/create-checkout-session", { priceId });
}

export type PlanChangeAnswer =
  | { kind: "upgrade"; amountDue: number; currency: string; prorationDate: number }
  | { kind: "downgrade"; effectiveAt: string | null }
  | { kind: "undo_downgrade" };

export function previewPlan(app: AppInstance, buyer: Buyer, plan: string): Promise<Answer<PlanChangeAnswer>> {
  return postJson<PlanChangeAnswer>(app, buyer, "/api/plan/preview", { plan });
}

export function changePlan(app: AppInstance, buyer: Buyer, plan: string, prorationDate?: number): Promise<Answer<PlanChangeAnswer>> {
  return postJson<PlanChangeAnswer>(app, buyer, "/api/plan/change", prorationDate === undefined ? { plan } : { plan, prorationDate });
}

export interface SpendAnswer {
  source: "allowance" | "coins";
  coinsSpent: number;
  coinBalance: number;
}

export function spendGeneration(app: AppInstance, buyer: Buyer, idempotencyKey: string = randomUUID()): Promise<Answer<SpendAnswer>> {
  return postJson<SpendAnswer>(app, buyer, "/api/usage", { feature: "generation", idempotencyKey });
}

export function openPortal(app: AppInstance, buyer: Buyer, cardForm: boolean): Promise<Answer<{ url: string }>> {
  return postJson<{ url: string }>(app, buyer, "/api/billing-portal", cardForm ? { flow: "payment_method_update" } : undefined);
}

export function pollStatus(app: AppInstance, buyer: Buyer, sessionId: string): Promise<Answer<{ status: string }>> {
  return getJson<{ status: string }>(app, buyer, `/api/check-payment-status/${sessionId}`);
}

export interface ReconcileAnswer {
  checked: number;
  changed: number;
  errors: number;
  failures: { object: string; message: string }[];
}

/** The reconcile cron, as the scheduler calls it. */
export async function runReconcile(app: AppInstance, cronSecret: string): Promise<Answer<ReconcileAnswer>> {
  const response = await fetch(`${app.url}/api/cron/reconcile`, {
    method: "POST",
    headers: { authorization: `Bearer ${cronSecret}` },
    signal: AbortSignal.timeout(120_000),
  });
  return answerOf<ReconcileAnswer>(response);
}
