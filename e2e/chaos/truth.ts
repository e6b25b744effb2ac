import type Stripe from "stripe";
import { products, totalCoins } from "@/lib/catalog/products";
import type { PlanTier } from "@/lib/generated/prisma/enums";
import type { PurchaseRecord } from "./purchases";

// What each buyer is owed according to Stripe alone, read back from the sandbox after the fact:
// a paid pack's coins less each refund's share (coins × refunded / amount, rounded on the
// running total), and the plan of a subscription still active or of a Lifetime purchase not
// refunded in full.

interface PackTruth {
  sessionId: string;
  coins: number;
  /** Refund ids whose debits belong to this pack. */
  refundIds: string[];
}

export interface BuyerTruth {
  buyerId: string;
  email: string;
  coins: number;
  plan: PlanTier | null;
  packs: PackTruth[];
  /** The payment status each checkout should show the buyer, by session id. */
  statuses: Map<string, string>;
}

// The storefront's status for a checkout that Stripe has finished with (README, "Payment status").
function finalStatus(session: Stripe.Checkout.Session): string {
  if (session.status === "expired") return "expired";
  if (session.payment_status === "paid") return "paid";
  return session.status === "complete" ? "failed" : "unpaid";
}

async function productOf(stripe: Stripe, sessionId: string): Promise<(typeof products)[number]> {
  const items = await stripe.checkout.sessions.listLineItems(sessionId, { expand: ["data.price"] });
  const price = items.data[0]?.price;
  const product = products.find((p) => p.lookupKey === price?.lookup_key);
  if (!product) throw new Error(`session ${sessionId} sold no catalog product`);
  return product;
}

async function chargeOf(stripe: Stripe, session: Stripe.Checkout.Session): Promise<Stripe.Charge | undefined> {
  const intent = typeof session.payment_intent === "string" ? session.payment_intent : session.payment_intent?.id;
  if (!intent) return undefined;
  const charges = await stripe.charges.list({ payment_intent: intent, limit: 100 });
  return charges.data.find((c) => c.status === "succeeded");
}

async function subscriptionLive(stripe: Stripe, session: Stripe.Checkout.Session): Promise<boolean> {
  const id = typeof session.subscription === "string" ? session.subscription : session.subscription?.id;
  if (!id) return false;
  const subscription = await stripe.subscriptions.retrieve(id);
  return subscription.status === "active" || subscription.status === "trialing";
}

export async function stripeTruth(stripe: Stripe, records: PurchaseRecord[]): Promise<Map<string, BuyerTruth>> {
  const truths = new Map<string, BuyerTruth>();
  for (const record of records) {
    const truth = truths.get(record.buyer.id) ?? {
      buyerId: record.buyer.id,
      email: record.buyer.email,
      coins: 0,
      plan: null,
      packs: [],
      statuses: new Map<string, string>(),
    };
    truths.set(record.buyer.id, truth);
    const session = await stripe.checkout.sessions.retrieve(record.sessionId);
    const product = await productOf(stripe, record.sessionId);
    const paid = session.payment_status === "paid";
    truth.statuses.set(session.id, finalStatus(session));
    const charge = paid && session.mode === "payment" ? await chargeOf(stripe, session) : undefined;

    if (product.kind === "coins") {
      let coins = 0;
      let refundIds: string[] = [];
      if (paid) {
        if (!charge) throw new Error(`paid session ${session.id} has no successful charge`);
        const refunds = await stripe.refunds.list({ charge: charge.id, limit: 100 });
        refundIds = refunds.data.map((r) => r.id);
        coins = totalCoins(product) - Math.round((totalCoins(product) * charge.amount_refunded) / charge.amount);
      }
      truth.coins += coins;
      truth.packs.push({ sessionId: session.id, coins, refundIds });
    } else if (paid) {
      const live = product.interval === null ? !charge?.refunded : await subscriptionLive(stripe, session);
      if (live) truth.plan = product.tier;
    }
  }
  return truths;
}
