import type Stripe from "stripe";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { parseArgs } from "../src/cli/args";
import { trigger } from "../src/cli/trigger";
import { control, inEmissionOrder, startHarness, type Harness } from "./helpers";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
  vi.spyOn(console, "log").mockImplementation(() => undefined);
});
afterAll(async () => {
  vi.restoreAllMocks();
  await h.close();
});
beforeEach(async () => {
  await h.sandbox.idle();
  await control(h.sandbox, "/_sandbox/reset", {});
  h.receiver.received.length = 0;
});

/** Runs `trigger <name>` in process against the harness and returns the delivered events in emission order. */
async function triggered(name: string): Promise<{ types: string[]; events: Stripe.Event[] }> {
  await trigger(parseArgs(["trigger", name, "--api-base", h.sandbox.url]));
  await h.sandbox.idle();
  return { types: inEmissionOrder(h.sandbox, h.receiver.received), events: h.receiver.received.map((r) => JSON.parse(r.body) as Stripe.Event) };
}

function objectOf<T>(events: Stripe.Event[], type: string): T {
  const event = events.find((e) => e.type === type);
  if (!event) throw new Error(`no ${type}`);
  return event.data.object as T;
}

describe("stripe trigger for disputes, refund changes and subscription updates", () => {
  it("charge.dispute.created pays with pm_card_createDispute and the dispute opens with its money withdrawn", async () => {
    const { types, events } = await triggered("charge.dispute.created");
    expect(types).toEqual(expect.arrayContaining(["charge.succeeded", "charge.dispute.created", "charge.dispute.funds_withdrawn", "payment_intent.succeeded"]));
    expect(objectOf<Stripe.Dispute>(events, "charge.dispute.created")).toMatchObject({ status: "needs_response", reason: "fraudulent", amount: 2000 });
  });

  it("charge.dispute.closed opens a dispute and closes it as lost", async () => {
    const { types, events } = await triggered("charge.dispute.closed");
    expect(types).toContain("charge.dispute.created");
    expect(objectOf<Stripe.Dispute>(events, "charge.dispute.closed").status).toBe("lost");
  });

  it("refund.failed refunds a pm_card_refundFail payment and the refund then fails", async () => {
    const { types, events } = await triggered("refund.failed");
    expect(types.slice(-5)).toEqual(["refund.created", "charge.refunded", "refund.updated", "refund.failed", "charge.refund.updated"]);
    expect(objectOf<Stripe.Refund>(events, "refund.failed")).toMatchObject({ status: "failed", failure_reason: "expired_or_canceled_card" });
  });

  it("refund.updated refunds a pm_card_pendingRefund payment and the pending refund then succeeds", async () => {
    const { types, events } = await triggered("refund.updated");
    expect(types.slice(-3)).toEqual(["refund.created", "charge.refunded", "refund.updated"]);
    expect(objectOf<Stripe.Refund>(events, "refund.created").status).toBe("pending");
    expect(objectOf<Stripe.Refund>(events, "refund.updated").status).toBe("succeeded");
  });

  it("invoice.payment_failed renews a subscription on a failing card and the subscription goes past due", async () => {
    const { types, events } = await triggered("invoice.payment_failed");
    expect(types).toEqual(expect.arrayContaining(["invoice.payment_failed", "customer.subscription.updated"]));
    const updates = events.filter((e) => e.type === "customer.subscription.updated").map((e) => (e.data.object as Stripe.Subscription).status);
    expect(updates).toContain("past_due");
  });

  it("customer.subscription.updated subscribes and then sets cancel_at_period_end", async () => {
    const { types, events } = await triggered("customer.subscription.updated");
    expect(types).toContain("customer.subscription.created");
    expect(objectOf<Stripe.Subscription>(events, "customer.subscription.updated").cancel_at_period_end).toBe(true);
  });
});
