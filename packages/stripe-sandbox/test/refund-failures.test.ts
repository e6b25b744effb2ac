import type Stripe from "stripe";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { control, inEmissionOrder, openPaymentSession, startHarness, type Harness } from "./helpers";

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

/** Pays a $15 × 2 session on the hosted page's code path and returns its PaymentIntent id. */
async function paidWith(card: string): Promise<string> {
  const session = await openPaymentSession(h.stripe);
  const { json } = await control<{ status: string; payment_intent: Stripe.PaymentIntent }>(h.sandbox, `/_sandbox/checkout/sessions/${session.id}/pay`, { card });
  expect(json.status).toBe("complete");
  return json.payment_intent.id;
}

async function refundOf(card: string): Promise<{ refund: Stripe.Refund; types: string[] }> {
  const pi = await paidWith(card);
  let refund: Stripe.Refund | undefined;
  const types = await eventsAfter(async () => {
    refund = await h.stripe.refunds.create({ payment_intent: pi });
  });
  if (!refund) throw new Error("no refund");
  return { refund, types };
}

function passTime(seconds = 10): Promise<unknown> {
  return control(h.sandbox, "/_sandbox/clock/advance", { seconds });
}

describe("card 4000000000005126", () => {
  it("gives a refund that succeeds at first and then fails with expired_or_canceled_card", async () => {
    const { refund, types } = await refundOf("4000000000005126");
    expect(refund.status).toBe("succeeded");
    expect(types).toEqual(["refund.created", "charge.refunded"]);

    const { status, json } = await control<Stripe.Refund>(h.sandbox, `/_sandbox/refunds/${refund.id}/fail`, {});
    expect(status).toBe(200);
    expect(json.status).toBe("failed");
    await h.sandbox.idle();
    const later = inEmissionOrder(h.sandbox, h.receiver.received).slice(types.length);
    expect(later.slice(-3)).toEqual(["refund.updated", "refund.failed", "charge.refund.updated"]);

    const failed = await h.stripe.refunds.retrieve(refund.id);
    expect(failed).toMatchObject({ status: "failed", failure_reason: "expired_or_canceled_card" });
    expect(failed.failure_balance_transaction).toMatch(/^txn_/);
    const updated = h.receiver.received.map((r) => JSON.parse(r.body) as Stripe.Event).find((e) => e.type === "refund.updated");
    expect(updated?.data.previous_attributes).toEqual({ status: "succeeded", failure_reason: null, failure_balance_transaction: null });
    expect(updated?.request).toEqual({ id: null, idempotency_key: null });
  });

  it("fails on its own once sandbox time passes, in an event without a request", async () => {
    const { refund } = await refundOf("4000000000005126");
    const types = await eventsAfter(() => passTime());
    expect(types).toEqual(["refund.updated", "refund.failed", "charge.refund.updated"]);
    expect((await h.stripe.refunds.retrieve(refund.id)).status).toBe("failed");
    const failedEvent = h.receiver.received.map((r) => JSON.parse(r.body) as Stripe.Event).find((e) => e.type === "refund.failed");
    expect(failedEvent?.request).toEqual({ id: null, idempotency_key: null });
  });

  it("gives the refunded amount back to the charge once the refund fails, so it can be refunded again", async () => {
    const { refund } = await refundOf("4000000000005126");
    const charge = await h.stripe.charges.retrieve(String(refund.charge));
    expect(charge).toMatchObject({ amount_refunded: 3000, refunded: true });
    await control(h.sandbox, `/_sandbox/refunds/${refund.id}/fail`, {});
    const after = await h.stripe.charges.retrieve(String(refund.charge));
    expect(after).toMatchObject({ amount_refunded: 0, refunded: false });
    expect(after.refunds?.data[0]).toMatchObject({ id: refund.id, status: "failed" });
  });

  it("fails only once when the control and the automatic step both run", async () => {
    const { refund } = await refundOf("4000000000005126");
    await control(h.sandbox, `/_sandbox/refunds/${refund.id}/fail`, {});
    const types = await eventsAfter(async () => {
      await passTime();
      await control(h.sandbox, `/_sandbox/refunds/${refund.id}/fail`, {});
    });
    expect(types).toEqual([]);
  });
});

describe("card 4000000000007726", () => {
  it("gives a refund that is pending and succeeds when settled", async () => {
    const { refund, types } = await refundOf("4000000000007726");
    expect(refund.status).toBe("pending");
    expect(types).toEqual(["refund.created", "charge.refunded"]);
    let settled: Stripe.Refund | undefined;
    const later = await eventsAfter(async () => {
      settled = (await control<Stripe.Refund>(h.sandbox, `/_sandbox/refunds/${refund.id}/settle`, {})).json;
    });
    expect(settled?.status).toBe("succeeded");
    expect(later).toEqual(["refund.updated"]);
    expect((await h.stripe.refunds.retrieve(refund.id)).status).toBe("succeeded");
  });

  it("settles on its own once sandbox time passes", async () => {
    const { refund } = await refundOf("4000000000007726");
    const types = await eventsAfter(() => passTime());
    expect(types).toEqual(["refund.updated"]);
    expect((await h.stripe.refunds.retrieve(refund.id)).status).toBe("succeeded");
  });

  it("is what pm_card_pendingRefund stands for on a PaymentIntent", async () => {
    const pi = await h.stripe.paymentIntents.create({ amount: 500, currency: "usd", payment_method: "pm_card_pendingRefund", confirm: true });
    expect((await h.stripe.refunds.create({ payment_intent: pi.id })).status).toBe("pending");
    const failing = await h.stripe.paymentIntents.create({ amount: 500, currency: "usd", payment_method: "pm_card_refundFail", confirm: true });
    expect((await h.stripe.refunds.create({ payment_intent: failing.id })).status).toBe("succeeded");
  });
});

describe("refunds on every other card", () => {
  it("succeed at once and never change", async () => {
    const { refund, types } = await refundOf("4242424242424242");
    expect(refund.status).toBe("succeeded");
    expect(types).toEqual(["refund.created", "charge.refunded"]);
    expect(await eventsAfter(() => passTime(3600))).toEqual([]);
    expect((await h.stripe.refunds.retrieve(refund.id)).status).toBe("succeeded");
  });

  it("can still be made to fail with the fail control, with a chosen reason", async () => {
    const { refund } = await refundOf("4242424242424242");
    const { json } = await control<Stripe.Refund>(h.sandbox, `/_sandbox/refunds/${refund.id}/fail`, { failure_reason: "lost_or_stolen_card" });
    expect(json).toMatchObject({ status: "failed", failure_reason: "lost_or_stolen_card" });
  });

  it("refuses to settle a refund that is not pending", async () => {
    const { refund } = await refundOf("4242424242424242");
    await control(h.sandbox, `/_sandbox/refunds/${refund.id}/fail`, {});
    const { status } = await control(h.sandbox, `/_sandbox/refunds/${refund.id}/settle`, {});
    expect(status).toBe(400);
  });
});
