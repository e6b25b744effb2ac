import Stripe from "stripe";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { control, inEmissionOrder, openPaymentSession, startHarness, type Harness } from "./helpers";
import { missingFixtureKeys } from "./fixtures";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());
beforeEach(async () => {
  await h.sandbox.idle();
  await control(h.sandbox, "/_sandbox/reset", {});
  h.receiver.received.length = 0;
});

async function eventsAfter(fn: () => Promise<unknown>): Promise<string[]> {
  await h.sandbox.idle();
  const start = h.receiver.received.length;
  await fn();
  await h.sandbox.idle();
  return inEmissionOrder(h.sandbox, h.receiver.received.slice(start));
}

/** Pays a $15 × 2 Checkout Session with `card` and returns its (only) charge. */
async function paidCharge(card: string): Promise<Stripe.Charge> {
  const session = await openPaymentSession(h.stripe);
  await control(h.sandbox, `/_sandbox/checkout/sessions/${session.id}/pay`, { card });
  const charges = await h.stripe.charges.list({ limit: 1 });
  const charge = charges.data[0];
  if (!charge) throw new Error("no charge");
  return charge;
}

async function disputeOf(charge: Stripe.Charge): Promise<Stripe.Dispute> {
  const list = await h.stripe.disputes.list({ charge: charge.id });
  const dispute = list.data[0];
  if (!dispute) throw new Error(`no dispute on ${charge.id}`);
  return dispute;
}

/** Moves sandbox time past every delayed step (the dispute ruling takes 5 s). */
function passTime(): Promise<unknown> {
  return control(h.sandbox, "/_sandbox/clock/advance", { seconds: 10 });
}

describe("card 4000000000000259", () => {
  it("pays, then opens a fraudulent dispute for the whole charge with the money withdrawn", async () => {
    const types = await eventsAfter(() => paidCharge("4000000000000259"));
    const order = ["charge.succeeded", "charge.dispute.created", "charge.dispute.funds_withdrawn", "payment_intent.succeeded"];
    expect(types.filter((t) => order.includes(t))).toEqual(order);
    expect(types).toContain("checkout.session.completed");

    const charge = (await h.stripe.charges.list({ limit: 1 })).data[0] as Stripe.Charge & { dispute: string };
    expect(charge.status).toBe("succeeded");
    expect(charge.disputed).toBe(true);
    const dispute = await h.stripe.disputes.retrieve(charge.dispute);
    expect(dispute.id).toMatch(/^du_/);
    expect(dispute).toMatchObject({ object: "dispute", status: "needs_response", reason: "fraudulent", amount: 3000, currency: "usd", charge: charge.id, is_charge_refundable: false });
    expect(dispute.payment_intent).toBe(charge.payment_intent);
    const dueBy = dispute.evidence_details.due_by ?? 0;
    expect(dueBy % 86400).toBe(86399);
    expect(dueBy - dispute.created).toBeGreaterThan(7 * 86400);
    expect(dueBy - dispute.created).toBeLessThanOrEqual(9 * 86400);
    expect(dispute.balance_transactions).toHaveLength(1);
    expect(dispute.balance_transactions[0]).toMatchObject({ object: "balance_transaction", amount: -3000, fee: 1500, net: -4500, type: "adjustment", reporting_category: "dispute" });
    expect(missingFixtureKeys("dispute", dispute)).toEqual([]);
  });

  it("is what pm_card_createDispute stands for on a PaymentIntent", async () => {
    const pi = await h.stripe.paymentIntents.create({ amount: 2000, currency: "usd", payment_method: "pm_card_createDispute", confirm: true });
    expect(pi.status).toBe("succeeded");
    const disputes = await h.stripe.disputes.list({ payment_intent: pi.id });
    expect(disputes.data.map((d) => [d.amount, d.status])).toEqual([[2000, "needs_response"]]);
  });

  it("lists disputes by charge and by payment intent only", async () => {
    const disputed = await paidCharge("4000000000000259");
    await paidCharge("4242424242424242");
    expect((await h.stripe.disputes.list()).data).toHaveLength(1);
    expect((await h.stripe.disputes.list({ payment_intent: String(disputed.payment_intent) })).data).toHaveLength(1);
    const other = (await h.stripe.charges.list({ limit: 1 })).data[0];
    expect((await h.stripe.disputes.list({ charge: String(other?.id) })).data).toEqual([]);
  });
});

describe("responding to a dispute", () => {
  it("winning evidence puts it under review, and once the ruling delay passes it is won with the funds reinstated", async () => {
    const dispute = await disputeOf(await paidCharge("4000000000000259"));
    let updated: Stripe.Dispute | undefined;
    const submitted = await eventsAfter(async () => {
      updated = await h.stripe.disputes.update(dispute.id, { evidence: { uncategorized_text: "winning_evidence" } });
    });
    expect(updated?.status).toBe("under_review");
    expect(updated?.evidence_details).toMatchObject({ has_evidence: true, submission_count: 1 });
    expect(submitted).toEqual(["charge.dispute.updated"]);

    const ruled = await eventsAfter(passTime);
    expect(ruled).toEqual(["charge.dispute.funds_reinstated", "charge.dispute.closed"]);
    const won = await h.stripe.disputes.retrieve(dispute.id);
    expect(won.status).toBe("won");
    expect(won.is_charge_refundable).toBe(true);
    expect(won.balance_transactions.map((t) => t.amount)).toEqual([-3000, 3000]);
    expect((await h.stripe.charges.retrieve(dispute.charge as string)).disputed).toBe(true);
  });

  it("winning evidence can also be ruled on at once with the settle control", async () => {
    const dispute = await disputeOf(await paidCharge("4000000000000259"));
    await h.stripe.disputes.update(dispute.id, { evidence: { uncategorized_text: "winning_evidence" } });
    const { status, json } = await control<Stripe.Dispute>(h.sandbox, `/_sandbox/disputes/${dispute.id}/settle`, {});
    expect(status).toBe(200);
    expect(json.status).toBe("won");
  });

  it("losing evidence loses it straight away", async () => {
    const dispute = await disputeOf(await paidCharge("4000000000000259"));
    let lost: Stripe.Dispute | undefined;
    const types = await eventsAfter(async () => {
      lost = await h.stripe.disputes.update(dispute.id, { evidence: { uncategorized_text: "losing_evidence" } });
    });
    expect(lost?.status).toBe("lost");
    expect(types).toEqual(["charge.dispute.updated", "charge.dispute.closed"]);
    expect(lost?.balance_transactions).toHaveLength(1);
  });

  it("submit=false only stages the evidence", async () => {
    const dispute = await disputeOf(await paidCharge("4000000000000259"));
    const staged = await h.stripe.disputes.update(dispute.id, { evidence: { uncategorized_text: "winning_evidence" }, submit: false });
    expect(staged.status).toBe("needs_response");
    expect(staged.evidence.uncategorized_text).toBe("winning_evidence");
    expect(staged.evidence_details).toMatchObject({ has_evidence: true, submission_count: 0 });
    await passTime();
    expect((await h.stripe.disputes.retrieve(dispute.id)).status).toBe("needs_response");
  });

  it("closing it accepts the loss", async () => {
    const dispute = await disputeOf(await paidCharge("4000000000000259"));
    let closed: Stripe.Dispute | undefined;
    const types = await eventsAfter(async () => {
      closed = await h.stripe.disputes.close(dispute.id);
    });
    expect(closed?.status).toBe("lost");
    expect(types).toEqual(["charge.dispute.closed"]);
  });

  it("a closed dispute refuses evidence and another close with 'This dispute is already closed'", async () => {
    const dispute = await disputeOf(await paidCharge("4000000000000259"));
    await h.stripe.disputes.close(dispute.id);
    const attempts = [
      h.stripe.disputes.update(dispute.id, { evidence: { uncategorized_text: "winning_evidence" } }),
      h.stripe.disputes.update(dispute.id, { metadata: { note: "late" } }),
      h.stripe.disputes.close(dispute.id),
    ];
    for (const attempt of attempts) {
      await expect(attempt).rejects.toMatchObject({ type: "StripeInvalidRequestError", statusCode: 400, message: "This dispute is already closed" });
    }
  });
});

describe("refunding a disputed charge", () => {
  it("is refused with charge_disputed while the money is charged back", async () => {
    const charge = await paidCharge("4000000000000259");
    await expect(h.stripe.refunds.create({ charge: charge.id })).rejects.toMatchObject({
      statusCode: 400,
      code: "charge_disputed",
      message: `Charge ${charge.id} has been charged back; cannot issue a refund.`,
    });
    await expect(h.stripe.refunds.create({ payment_intent: String(charge.payment_intent) })).rejects.toMatchObject({ code: "charge_disputed" });
  });
});

describe("card 4000000000001976", () => {
  it("opens an inquiry that moves no money, keeps the charge refundable and closes as warning_closed", async () => {
    const types = await eventsAfter(() => paidCharge("4000000000001976"));
    expect(types).toContain("charge.dispute.created");
    expect(types).not.toContain("charge.dispute.funds_withdrawn");
    const charge = (await h.stripe.charges.list({ limit: 1 })).data[0] as Stripe.Charge;
    const inquiry = await disputeOf(charge);
    expect(inquiry).toMatchObject({ status: "warning_needs_response", is_charge_refundable: true, balance_transactions: [] });
    expect((await h.stripe.disputes.close(inquiry.id)).status).toBe("warning_closed");
  });

  it("escalates to a chargeback with escalate_inquiry_evidence", async () => {
    const inquiry = await disputeOf(await paidCharge("4000000000001976"));
    const escalated = await h.stripe.disputes.update(inquiry.id, { evidence: { uncategorized_text: "escalate_inquiry_evidence" } });
    expect(escalated).toMatchObject({ status: "needs_response", is_charge_refundable: false });
    expect(escalated.balance_transactions).toHaveLength(1);
  });
});

describe("the hosted checkout page", () => {
  it.each(["4000000000000259", "4000000000001976", "4000000000005126", "4000000000007726"])("accepts card %s and redirects to success_url", async (card) => {
    const session = await openPaymentSession(h.stripe);
    const res = await fetch(session.url ?? "", {
      method: "POST",
      redirect: "manual",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ email: "page@example.com", method: "card", cardNumber: card, cardExpiry: "12 / 34", cardCvc: "123", billingName: "Ada Lovelace" }).toString(),
    });
    expect(res.status).toBe(303);
    expect((await h.stripe.checkout.sessions.retrieve(session.id)).payment_status).toBe("paid");
  });
});
