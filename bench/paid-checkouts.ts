import { coinPacks, type ProductKey } from "@/lib/catalog/products";
import { newEvents } from "@/e2e/chaos/events";
import { priceIds } from "@/e2e/chaos/purchases";
import { signUp, startCheckout, type Buyer } from "@/e2e/chaos/storefront";
import { nextClientIp } from "./load";
import type { Server, Stack } from "./stack";

// Paid checkouts, made over HTTP and paid in the sandbox before anything is measured, and the
// `checkout.session.completed` payload of each, which the arms deliver themselves.

interface StormPayment {
  buyer: Buyer;
  sessionId: string;
  payload: string;
}

export interface PreparedPayments {
  priceOf: (product: ProductKey) => string;
  /** Takes the next `count` payloads nobody has delivered yet, one per payment. */
  takeDistinct(count: number): string[];
  /**
   * One per storm, each a buyer of its own with one payment nobody has credited, so the credits
   * the storm made are exactly that buyer's ledger entries.
   */
  storms: StormPayment[];
  /** A buyer whose payment is already settled and credited, for the status and redelivery arms. */
  statusBuyer: Buyer;
  statusSession: string;
  settledPayload: string;
}

interface PaymentCounts {
  /** Payments whose events the arms deliver for the first time. */
  distinct: number;
  storms: number;
}

export async function preparePayments(stack: Stack, server: Server, counts: PaymentCounts): Promise<PreparedPayments> {
  const { sandbox } = stack;
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

  console.log("preparing paid checkouts …");
  const distinctSessions = await paidCheckouts(counts.distinct);
  const stormBuyers = await Promise.all(Array.from({ length: counts.storms }, () => signUp(server.app)));
  const stormCheckouts = await Promise.all(stormBuyers.map(async (buyer) => ({ buyer, sessionId: await paidCheckout(buyer, "small_pack") })));
  const statusBuyer = await signUp(server.app);
  const statusSession = await paidCheckout(statusBuyer, "small_pack");

  // The signed-to-be payload of each session's `checkout.session.completed`, by session id.
  const events = new Map<string, string>();
  for (const event of await newEvents(sandbox.stripe, new Set<string>())) {
    if (event.type !== "checkout.session.completed") continue;
    const parsed = JSON.parse(event.payload) as { data: { object: { id: string } } };
    events.set(parsed.data.object.id, event.payload);
  }
  const payloadOf = (sessionId: string): string => {
    const payload = events.get(sessionId);
    if (!payload) throw new Error(`no checkout.session.completed event for ${sessionId}`);
    return payload;
  };

  const distinctPayloads = distinctSessions.map(payloadOf);
  const storms = stormCheckouts.map((checkout) => ({ ...checkout, payload: payloadOf(checkout.sessionId) }));
  const settledPayload = payloadOf(statusSession);
  if (!(await stack.sendEvent(server, settledPayload)).ok) throw new Error("the settled payment's webhook failed");

  return {
    priceOf,
    takeDistinct: (count) => distinctPayloads.splice(0, count),
    storms,
    statusBuyer,
    statusSession,
    settledPayload,
  };
}

/** The i-th of a block's payloads; running short would quietly turn an arm into redeliveries. */
export function nth(payloads: readonly string[], index: number): string {
  const payload = payloads[index];
  if (payload === undefined) throw new Error(`only ${payloads.length} distinct events prepared`);
  return payload;
}
