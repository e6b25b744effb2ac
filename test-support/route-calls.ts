import type Stripe from "stripe";
import { POST as createCheckoutRoute } from "@/app/api/create-checkout-session/route";
import { GET as paymentStatusRoute } from "@/app/api/check-payment-status/[sessionId]/route";
import { POST as webhookRoute } from "@/app/api/stripe/webhook/route";
import { db } from "@/lib/db";
import { stripe } from "@/lib/stripe-gateway/client";
import type { TestBuyer } from "@/test-support/buyers";
import { readCheckout, type CheckoutSnapshot } from "@/lib/stripe-gateway/checkout-sessions";

// Calls the app's route handlers the way the browser and Stripe do, and reads what a buyer
// would see afterwards.

export async function requestCheckout(buyer: TestBuyer | null, body: unknown): Promise<Response> {
  const headers = new Headers(buyer?.headers);
  headers.set("content-type", "application/json");
  return createCheckoutRoute(
    new Request("http://app.test/api/create-checkout-session", {
      method: "POST",
      headers,
      body: typeof body === "string" ? body : JSON.stringify(body),
    }),
    undefined,
  );
}

export async function checkout(buyer: TestBuyer, priceId: string): Promise<{ url: string; sessionId: string }> {
  const response = await requestCheckout(buyer, { priceId });
  if (response.status !== 200) throw new Error(`checkout failed: ${response.status} ${await response.text()}`);
  return (await response.json()) as { url: string; sessionId: string };
}

export async function requestStatus(buyer: TestBuyer | null, sessionId: string): Promise<Response> {
  return paymentStatusRoute(new Request(`http://app.test/api/check-payment-status/${sessionId}`, { headers: buyer?.headers }), {
    params: Promise.resolve({ sessionId }),
  });
}

export async function statusOf(buyer: TestBuyer, sessionId: string): Promise<string> {
  const response = await requestStatus(buyer, sessionId);
  const body = (await response.json()) as { status?: string };
  if (!body.status) throw new Error(`status failed: ${response.status} ${JSON.stringify(body)}`);
  return body.status;
}

/** Sends an event to the webhook route signed as Stripe signs it (or with the given header). */
export async function deliver(event: Stripe.Event | string, signature?: string): Promise<Response> {
  const payload = typeof event === "string" ? event : JSON.stringify(event);
  const secret = process.env.STRIPE_WEBHOOK_SECRET ?? "";
  const header = signature ?? stripe().webhooks.generateTestHeaderString({ payload, secret });
  return webhookRoute(
    new Request("http://app.test/api/stripe/webhook", {
      method: "POST",
      headers: { "content-type": "application/json", "stripe-signature": header },
      body: payload,
    }),
    undefined,
  );
}

/** Every event Stripe produced about one Checkout Session, its PaymentIntent or its charges. */
export async function eventsAbout(sessionId: string, type?: string): Promise<Stripe.Event[]> {
  const session = await stripe().checkout.sessions.retrieve(sessionId);
  const related = new Set([sessionId, session.payment_intent].filter(Boolean));
  const events: Stripe.Event[] = [];
  for await (const event of stripe().events.list({ limit: 100, ...(type && { type }) })) {
    const object = event.data.object as { id: string; payment_intent?: unknown };
    if (related.has(object.id) || related.has(typeof object.payment_intent === "string" ? object.payment_intent : "")) {
      events.push(event);
    }
  }
  return events;
}

export async function coinsOf(userId: string): Promise<{ balance: number; ledgerEntries: number; ledgerSum: number }> {
  const user = await db.user.findUniqueOrThrow({ where: { id: userId } });
  const ledger = await db.coinLedgerEntry.aggregate({ where: { userId }, _count: true, _sum: { delta: true } });
  return { balance: user.coinBalance, ledgerEntries: ledger._count, ledgerSum: ledger._sum.delta ?? 0 };
}

/** Stripe's word on a Checkout Session, as the storefront reads it before settling; the session must exist. */
export async function checkoutSnapshot(sessionId: string): Promise<CheckoutSnapshot> {
  const snapshot = await readCheckout(sessionId);
  if (!snapshot) throw new Error(`no session ${sessionId}`);
  return snapshot;
}
