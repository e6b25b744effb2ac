import type Stripe from "stripe";
import type { DunningEnding, PayPlan } from "./plan-ops";
import type { ChaosSandbox } from "./sandbox";

// Everything in the plan property that happens on Stripe's side rather than the storefront's: the
// buyer on Checkout's page and in the billing portal (through the sandbox's controls and hosted
// page forms), and the merchant in Stripe's Dashboard (refunds, disputes, the failed-payments
// setting) through the Stripe SDK.

const cards = {
  good: "4242424242424242",
  /** Attaches, then every charge fails; in Checkout, which charges at once, it declines. */
  failing: "4000000000000341",
  threeDSecure: "4000002760003184",
  dispute: "4000000000000259",
} as const;

interface PayAnswer {
  status: "complete" | "requires_action" | "declined";
  payment_intent: string | { id: string } | null;
}

function intentOf(answer: PayAnswer): string | null {
  const intent = answer.payment_intent;
  return typeof intent === "string" ? intent : (intent?.id ?? null);
}

export type PayOutcome = "paid" | "declined_then_paid" | "abandoned" | "bank_succeeded" | "bank_failed" | "challenge_completed";

/** Pays a started checkout as the plan says; resolves when Stripe has settled it one way or the other. */
export async function payCheckout(sandbox: ChaosSandbox, sessionId: string, plan: PayPlan): Promise<PayOutcome> {
  const pay = (body: object): Promise<PayAnswer> => sandbox.control<PayAnswer>(`/_sandbox/checkout/sessions/${sessionId}/pay`, body);
  const giveUp = async (): Promise<PayOutcome> => {
    if (plan.retryWithGoodCard) {
      await pay({ card: cards.good });
      return "declined_then_paid";
    }
    await sandbox.control(`/_sandbox/checkout/sessions/${sessionId}/expire`, {});
    return "abandoned";
  };
  switch (plan.method) {
    case "card":
      await pay({ card: cards.good });
      return "paid";
    case "dispute_card":
      await pay({ card: cards.dispute });
      return "paid";
    case "card_0341":
      await pay({ card: cards.failing });
      return giveUp();
    case "three_d_secure": {
      const answer = await pay({ card: cards.threeDSecure });
      const intent = intentOf(answer);
      if (answer.status !== "requires_action" || !intent) throw new Error(`3-D Secure card on ${sessionId} answered ${answer.status}`);
      await sandbox.control(`/_sandbox/payment_intents/${intent}/authenticate`, { outcome: plan.challenge });
      return plan.challenge === "complete" ? "challenge_completed" : giveUp();
    }
    case "bank_debit": {
      const answer = await pay({ method: "async_bank_debit" });
      const intent = intentOf(answer);
      if (!intent) throw new Error(`bank debit on ${sessionId} left no PaymentIntent`);
      await sandbox.control(`/_sandbox/payment_intents/${intent}/settle`, { outcome: plan.bank });
      return plan.bank === "succeeded" ? "bank_succeeded" : "bank_failed";
    }
  }
}

async function postForm(url: string, fields: Record<string, string>): Promise<string> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(fields).toString(),
    redirect: "manual",
    signal: AbortSignal.timeout(60_000),
  });
  const text = await response.text();
  if (response.status >= 500) throw new Error(`portal ${url} answered ${response.status}: ${text.slice(0, 200)}`);
  return text;
}

/** The portal's card form: the new card becomes every live subscription's default, and a past-due invoice is charged at once. */
export async function updateCardInPortal(portalUrl: string, card: "good" | "failing"): Promise<string> {
  return postForm(`${portalUrl}/payment_method`, { cardNumber: cards[card], cardExpiry: "12 / 34", cardCvc: "123" });
}

/** The portal's Cancel subscription (at the period end) or Renew subscription button. */
export async function cancelInPortal(portalUrl: string, subscriptionId: string, action: "cancel" | "renew"): Promise<string> {
  return postForm(`${portalUrl}/subscriptions/${subscriptionId}`, { action });
}

/** Refunds made "in the Dashboard" carry this, so the property only ever fails its own refunds, never the storefront's. */
export const DASHBOARD_REFUND = { by: "dashboard" } as const;

/** A refund from the Dashboard; null when Stripe refuses it (a charged-back payment). */
export async function refundInDashboard(stripe: Stripe, charge: Stripe.Charge, amount: number): Promise<Stripe.Refund | null> {
  try {
    return await stripe.refunds.create({ charge: charge.id, amount, metadata: DASHBOARD_REFUND });
  } catch (error) {
    if (error instanceof Error && "statusCode" in error && error.statusCode === 400) return null;
    throw error;
  }
}

export async function failRefund(sandbox: ChaosSandbox, refundId: string): Promise<void> {
  await sandbox.control(`/_sandbox/refunds/${refundId}/fail`, {});
}

/** The merchant answers a chargeback: evidence submitted, then the bank's ruling; or, to lose, the dispute accepted. */
export async function ruleDispute(sandbox: ChaosSandbox, dispute: Stripe.Dispute, ruling: "won" | "lost", accept: boolean): Promise<void> {
  if (ruling === "lost" && accept) {
    await sandbox.stripe.disputes.close(dispute.id);
    return;
  }
  if (dispute.status === "needs_response" || dispute.status === "warning_needs_response") {
    await sandbox.stripe.disputes.update(dispute.id, { evidence: { uncategorized_text: "chaos evidence" } });
  }
  await sandbox.control(`/_sandbox/disputes/${dispute.id}/settle`, { outcome: ruling });
}

export async function setDunningEnding(sandbox: ChaosSandbox, ending: DunningEnding): Promise<void> {
  await sandbox.control("/_sandbox/settings", { after_final_retry: ending });
}

/** Moves the sandbox's clock (every customer is on it); renewals, retries and expiries due meanwhile run before it answers. */
export async function advanceClock(sandbox: ChaosSandbox, seconds: number): Promise<number> {
  const { now } = await sandbox.control<{ now: number }>("/_sandbox/clock/advance", { seconds });
  return now;
}

/** Settles the bank debits renewals left processing for these customers; answers how many. */
export async function settleProcessingDebits(sandbox: ChaosSandbox, customers: string[], outcome: "succeeded" | "failed"): Promise<number> {
  let settled = 0;
  for (const customer of customers) {
    const intents = await sandbox.stripe.paymentIntents.list({ customer, limit: 100 });
    for (const intent of intents.data.filter((i) => i.status === "processing")) {
      await sandbox.control(`/_sandbox/payment_intents/${intent.id}/settle`, { outcome });
      settled += 1;
    }
  }
  return settled;
}
