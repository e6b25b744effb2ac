import { randomUUID } from "node:crypto";
import type Stripe from "stripe";
import type { ProductKey } from "@/lib/catalog/products";
import type { AppInstance } from "./app";
import { spendGeneration, startCheckout, type Answer } from "./plan-http";
import type { BuyerOp } from "./plan-ops";
import { failRefund, payCheckout, refundInDashboard, ruleDispute } from "./plan-stripe-side";
import type { BuyerModel, World } from "./plan-world";

// The buyer's and the merchant's operations that move money rather than plans: spending
// generations, buying a coin pack, refunds and chargebacks ruled in the Dashboard. Each answers
// whether it did something (false: nothing of the kind was possible, and the turn does another).

export type Outcome = "done" | "refused" | "not_applicable";

/** A 5xx from the storefront is a violation wherever it comes from; other answers are the caller's to judge. */
export function noteServerError(world: World, what: string, answer: Answer): void {
  if (answer.status >= 500) world.figures.violations.push({ invariant: "http", round: world.round, message: `${what} answered ${answer.status}: ${answer.text.slice(0, 200)}` });
}

/** Spends generations, then sends the last one's key again (a retried request), which must spend nothing. */
export async function spend(world: World, model: BuyerModel, app: AppInstance, count: number): Promise<Outcome> {
  let key: string | null = null;
  for (let i = 0; i < count; i++) {
    key = randomUUID();
    const answer = await spendGeneration(app, model.buyer, key);
    noteServerError(world, `${app.name} /api/usage`, answer);
    if (answer.status !== 201) continue;
    if (answer.body.source === "allowance") model.allowance.used += 1;
    else model.coinsSpent += answer.body.coinsSpent;
  }
  if (key === null) return "done";
  const replay = await spendGeneration(app, model.buyer, key);
  noteServerError(world, `${app.name} /api/usage (replayed key)`, replay);
  if (replay.status === 201) {
    world.figures.violations.push({ invariant: "g", round: world.round, message: `${model.buyer.email}: a replayed usage key spent again (${replay.text.slice(0, 120)})` });
  }
  return "done";
}

const packs: ProductKey[] = ["small_pack", "medium_pack", "large_pack"];

export async function buyPack(world: World, model: BuyerModel, app: AppInstance, op: BuyerOp, polls: string[]): Promise<Outcome> {
  const answer = await startCheckout(app, model.buyer, world.priceId(packs[op.tier % packs.length] ?? "small_pack"));
  noteServerError(world, `${app.name} checkout`, answer);
  if (answer.status !== 200) return "refused";
  model.packs.push(answer.body.sessionId);
  polls.push(answer.body.sessionId);
  // Packs are paid by card; the dispute card gives the Dashboard a chargeback to rule on.
  await payCheckout(world.stack.sandbox, answer.body.sessionId, { ...op.pay, method: op.pay.method === "dispute_card" ? "dispute_card" : "card" });
  return "done";
}

async function chargesOf(stripe: Stripe, customerId: string | null): Promise<Stripe.Charge[]> {
  if (!customerId) return [];
  return (await stripe.charges.list({ customer: customerId, limit: 100 })).data;
}

/** Full, partial, or a refund that fails: at once on a Lifetime payment, at the buyer's next turn otherwise. */
export async function refund(world: World, model: BuyerModel, customerId: string | null, op: BuyerOp): Promise<Outcome> {
  const { stripe } = world.stack.sandbox;
  const refundable = (await chargesOf(stripe, customerId)).filter((c) => c.status === "succeeded" && c.amount_refunded < c.amount);
  // A full refund goes to the Lifetime payment if there is one to refund: Lifetime then ends.
  const lifetime = op.refund === "full" ? refundable.find((c) => c.metadata?.productKey === "lifetime") : undefined;
  const charge = lifetime ?? refundable[op.pick % Math.max(1, refundable.length)];
  if (!charge) return "not_applicable";
  const left = charge.amount - charge.amount_refunded;
  const part = Math.min(left - 1, Math.max(1, Math.floor((left * op.amount) / 100)));
  const amount = op.refund === "full" || part < 1 ? left : part;
  // A failing refund never completes a full one: a Lifetime refunded in full and then given
  // back by a failure is a case the rules leave open, and not what this property is about.
  if (op.refund === "failing" && amount === left) return "not_applicable";
  const made = await refundInDashboard(stripe, charge, amount);
  if (!made) return "refused";
  if (op.refund === "failing") {
    if (charge.metadata?.productKey === "lifetime") await failRefund(world.stack.sandbox, made.id);
    else model.refundsToFail.push(made.id);
  }
  return "done";
}

export async function failDueRefunds(world: World, model: BuyerModel): Promise<void> {
  for (const id of model.refundsToFail.splice(0)) await failRefund(world.stack.sandbox, id);
}

const openDisputeStatuses = new Set(["needs_response", "under_review", "warning_needs_response", "warning_under_review"]);

export async function dispute(world: World, customerId: string | null, op: BuyerOp): Promise<Outcome> {
  const { stripe } = world.stack.sandbox;
  const disputed = (await chargesOf(stripe, customerId)).filter((c) => c.disputed);
  const open: Stripe.Dispute[] = [];
  for (const charge of disputed) {
    const { data } = await stripe.disputes.list({ charge: charge.id, limit: 10 });
    open.push(...data.filter((d) => openDisputeStatuses.has(d.status)));
  }
  const chosen = open[op.pick % Math.max(1, open.length)];
  if (!chosen) return "not_applicable";
  await ruleDispute(world.stack.sandbox, chosen, op.ruling, op.amount % 2 === 0);
  return "done";
}
