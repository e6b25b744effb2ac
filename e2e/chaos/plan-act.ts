import type { ProductKey } from "@/lib/catalog/products";
import type { AppInstance } from "./app";
import { planInForce, type AppView, type PlanRow } from "./plan-app-state";
import { buyPack, dispute, failDueRefunds, noteServerError, refund, spend, type Outcome } from "./plan-act-money";
import { changePlan, openPortal, previewPlan, startCheckout } from "./plan-http";
import type { BuyerOp, OpKind } from "./plan-ops";
import { cancelInPortal, payCheckout, updateCardInPortal } from "./plan-stripe-side";
import { countOperation, type BuyerModel, type World } from "./plan-world";

// One buyer's turn: the generated intent acted out against the state the buyer sees on their
// account page (the storefront's plan row), through the storefront's routes, Checkout and the
// billing portal. An intent that cannot apply (no subscription to upgrade) gives way to the next
// kind in a fixed rotation that can, plan changes first, so a buyer without a plan subscribes
// and one with a plan changes it; spending always applies.

const monthly: ProductKey[] = ["starter", "advanced", "professional"];

function rank(tier: string): number {
  return monthly.indexOf(tier as ProductKey);
}

function subscription(plan: PlanRow | null): PlanRow | null {
  return plan?.sourceId.startsWith("sub_") ? plan : null;
}

async function checkoutPlan(world: World, model: BuyerModel, app: AppInstance, product: ProductKey, op: BuyerOp, polls: string[]): Promise<Outcome> {
  const answer = await startCheckout(app, model.buyer, world.priceId(product));
  noteServerError(world, `${app.name} checkout for ${product}`, answer);
  if (answer.status !== 200) return "refused";
  const { sessionId } = answer.body;
  polls.push(sessionId);
  if (product === "lifetime") {
    // Which subscription this Lifetime replaces, per Stripe, before it is paid for (invariant e).
    const customer = (await world.stack.sandbox.stripe.checkout.sessions.retrieve(sessionId)).customer;
    const customerId = typeof customer === "string" ? customer : (customer?.id ?? null);
    const live = customerId ? (await world.stack.sandbox.stripe.subscriptions.list({ customer: customerId, status: "all", limit: 100 })).data : [];
    const replacing = live.find((s) => s.status === "active" || s.status === "past_due" || s.status === "trialing")?.id ?? null;
    model.lifetimes.push({ sessionId, replacing });
  }
  await payCheckout(world.stack.sandbox, sessionId, op.pay);
  return "done";
}

async function moveTo(world: World, model: BuyerModel, app: AppInstance, target: string): Promise<Outcome> {
  const preview = await previewPlan(app, model.buyer, target);
  noteServerError(world, `${app.name} plan preview`, preview);
  if (preview.status !== 200) return "refused";
  const prorationDate = preview.body.kind === "upgrade" ? preview.body.prorationDate : undefined;
  const change = await changePlan(app, model.buyer, target, prorationDate);
  noteServerError(world, `${app.name} plan change`, change);
  return change.status === 200 ? "done" : "refused";
}

async function portal(world: World, model: BuyerModel, app: AppInstance, cardForm: boolean): Promise<string | null> {
  const answer = await openPortal(app, model.buyer, cardForm);
  noteServerError(world, `${app.name} billing portal`, answer);
  return answer.status === 200 ? answer.body.url : null;
}

async function attempt(world: World, model: BuyerModel, view: AppView | undefined, app: AppInstance, op: BuyerOp, polls: string[]): Promise<Outcome> {
  const plan = planInForce(view);
  const sub = subscription(plan);
  const customerId = view?.stripeCustomerId ?? null;
  switch (op.kind) {
    case "subscribe": {
      // With a plan in force the storefront must refuse (the invariants judge if it does not);
      // trying is one turn in eight, else the turn does something that can happen.
      if (plan && op.pick % 8 !== 0) return "not_applicable";
      const choices = monthly.filter((p) => p !== plan?.tier);
      return checkoutPlan(world, model, app, choices[op.tier % choices.length] ?? "starter", op, polls);
    }
    case "upgrade": {
      const higher = sub ? monthly.filter((p) => rank(p) > rank(sub.tier)) : [];
      const target = higher[op.tier % Math.max(1, higher.length)];
      return target ? moveTo(world, model, app, target) : "not_applicable";
    }
    case "downgrade": {
      const lower = sub ? monthly.filter((p) => rank(p) < rank(sub.tier) && p !== sub.scheduledTier) : [];
      const target = lower[op.tier % Math.max(1, lower.length)];
      return target ? moveTo(world, model, app, target) : "not_applicable";
    }
    case "undo":
      return sub?.scheduledTier ? moveTo(world, model, app, sub.tier) : "not_applicable";
    case "lifetime":
      return plan?.tier === "lifetime" ? "not_applicable" : checkoutPlan(world, model, app, "lifetime", op, polls);
    case "spend":
      return spend(world, model, app, 1 + (op.amount % 4));
    case "card_update": {
      if (!customerId) return "not_applicable";
      const pastDue = sub?.subscriptionStatus === "past_due";
      const url = await portal(world, model, app, pastDue);
      if (!url) return "refused";
      // Told that a payment failed, a buyer mostly enters a card that works: dunning is recovered.
      await updateCardInPortal(url, pastDue && op.pick % 4 !== 0 ? "good" : op.card);
      return "done";
    }
    case "cancel_at_period_end": {
      if (!sub) return "not_applicable";
      const url = await portal(world, model, app, false);
      if (!url) return "refused";
      await cancelInPortal(url, sub.sourceId, sub.cancelAtPeriodEnd ? "renew" : "cancel");
      return "done";
    }
    case "refund":
      return refund(world, model, customerId, op);
    case "dispute":
      return dispute(world, customerId, op);
    case "pack":
      return buyPack(world, model, app, op, polls);
  }
}

// Lifetime comes late: right after subscribe, it would take every subscriber whose turn was a
// refused second subscription, and few subscriptions would live long enough to renew. A refund
// comes right after, so a Lifetime owner (for whom no plan change applies) often asks for their
// money back, and in a long run buyers keep coming back to subscriptions.
const rotation: OpKind[] = ["upgrade", "downgrade", "undo", "cancel_at_period_end", "subscribe", "refund", "card_update", "dispute", "pack", "lifetime", "spend"];

/** Acts out one turn; answers the checkouts it started, for the success page to poll. */
export async function takeTurn(world: World, model: BuyerModel, view: AppView | undefined, app: AppInstance, op: BuyerOp): Promise<string[]> {
  const polls: string[] = [];
  await failDueRefunds(world, model);
  // The account page of a past-due buyer says "update your card": half of them do.
  const pastDue = planInForce(view)?.subscriptionStatus === "past_due" && op.pick % 2 === 0;
  const start = rotation.indexOf(pastDue ? "card_update" : op.kind);
  for (let step = 0; step < rotation.length; step++) {
    const kind = rotation[(start + step) % rotation.length] ?? "spend";
    const outcome = await attempt(world, model, view, app, { ...op, kind }, polls);
    if (outcome === "not_applicable") continue;
    countOperation(world.figures, kind);
    if (outcome === "refused") world.figures.refused += 1;
    break;
  }
  return polls;
}
