import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { settleCheckout } from "@/lib/payments/fulfilment/fulfil-checkout";
import { checkoutVerdict } from "@/lib/payments/freshness";
import { readCheckout, type CheckoutSnapshot } from "@/lib/stripe-gateway/checkout-sessions";
import { signUpBuyer } from "@/test-support/buyers";
import { checkout, coinsOf } from "@/test-support/route-calls";
import { startTestStripe, type TestStripe } from "@/test-support/test-stripe";

// Two readers of one session (a webhook and a status poll, say) can commit their snapshots in
// the opposite order to the one they read them in. The stored state must never step back.

let sandbox: TestStripe;
beforeAll(async () => {
  sandbox = await startTestStripe({ deliverWebhooks: false });
});
afterAll(() => sandbox.close());

async function read(sessionId: string): Promise<CheckoutSnapshot> {
  const snapshot = await readCheckout(sessionId);
  if (!snapshot) throw new Error(`no session ${sessionId}`);
  return snapshot;
}

const stored = (at: number, status: "unpaid" | "failed" | "processing" | "paid" | "expired", sessionStatus: "open" | "complete" | "expired" = "open") => ({
  status,
  sessionStatus,
  stripeReadAt: new Date(at),
});
const reading = (at: number, status: "unpaid" | "failed" | "processing" | "paid" | "expired", sessionStatus: "open" | "complete" | "expired" = "open") => ({
  status,
  sessionStatus,
  readStartedAt: new Date(at),
});

describe("the freshness rule", () => {
  it("applies a reading that began after the stored one was read", () => {
    expect(checkoutVerdict(stored(1000, "failed"), reading(1000, "processing"))).toBe("apply");
    expect(checkoutVerdict(stored(1000, "unpaid"), reading(2000, "failed"))).toBe("apply");
  });

  it("asks for a fresh read when a reading began before the stored one was read", () => {
    expect(checkoutVerdict(stored(2000, "failed"), reading(1000, "processing"))).toBe("reread");
  });

  it("never moves a session back from complete to open, whatever the clocks say", () => {
    expect(checkoutVerdict(stored(1000, "processing", "complete"), reading(5000, "unpaid", "open"))).toBe("stale");
  });

  it("always applies a paid or expired reading, and never replaces a paid or expired state", () => {
    expect(checkoutVerdict(stored(5000, "processing", "complete"), reading(1000, "paid", "complete"))).toBe("apply");
    expect(checkoutVerdict(stored(5000, "unpaid"), reading(1000, "expired", "expired"))).toBe("apply");
    expect(checkoutVerdict(stored(1000, "paid", "complete"), reading(5000, "failed", "complete"))).toBe("stale");
    expect(checkoutVerdict(stored(1000, "expired", "expired"), reading(5000, "unpaid"))).toBe("stale");
  });

  it("applies anything to a purchase no snapshot has been applied to yet", () => {
    expect(checkoutVerdict({ status: "unpaid", sessionStatus: null, stripeReadAt: null }, reading(0, "unpaid"))).toBe("apply");
  });
});

describe("snapshots committed out of order", () => {
  it("do not step a declined payment back to unpaid, nor blank its PaymentIntent", async () => {
    const buyer = await signUpBuyer();
    const { sessionId } = await checkout(buyer, await sandbox.priceId("small_pack"));
    const beforePaying = await read(sessionId);
    await sandbox.control(`/_sandbox/checkout/sessions/${sessionId}/pay`, { card: "4000000000000002" });
    const afterDecline = await read(sessionId);

    expect(await settleCheckout(afterDecline)).toMatchObject({ kind: "settled", status: "failed" });
    expect(await settleCheckout(beforePaying)).toEqual({ kind: "stale" });

    const purchase = await db.purchase.findUniqueOrThrow({ where: { checkoutSessionId: sessionId } });
    expect(purchase.status).toBe("failed");
    expect(purchase.paymentIntentId).toMatch(/^pi_/);
  });

  it("do not step a completed bank debit back to an open checkout", async () => {
    const buyer = await signUpBuyer();
    const { sessionId } = await checkout(buyer, await sandbox.priceId("small_pack"));
    const open = await read(sessionId);
    await sandbox.control(`/_sandbox/checkout/sessions/${sessionId}/pay`, { method: "async_bank_debit" });
    const settling = await read(sessionId);

    await settleCheckout(settling);
    await settleCheckout(open);

    expect(await db.purchase.findUniqueOrThrow({ where: { checkoutSessionId: sessionId } })).toMatchObject({
      status: "processing",
      sessionStatus: "complete",
    });
  });

  it("still deliver the coins, once, when the paid snapshot's read began before the stored one's", async () => {
    const buyer = await signUpBuyer();
    const { sessionId } = await checkout(buyer, await sandbox.priceId("small_pack"));
    const beforePaying = await read(sessionId);
    await sandbox.control(`/_sandbox/checkout/sessions/${sessionId}/pay`, { card: "4242424242424242" });
    const paid = await read(sessionId);
    // As if the unpaid reading came from an app server whose clock runs a minute ahead.
    const ahead = new Date(Date.now() + 60_000);
    await settleCheckout({ ...beforePaying, readStartedAt: ahead, readFinishedAt: ahead });

    expect(await settleCheckout(paid)).toMatchObject({ kind: "settled", status: "paid", deliveredNow: true });
    expect(await settleCheckout(paid)).toMatchObject({ kind: "settled", status: "paid", deliveredNow: false });
    expect(await coinsOf(buyer.id)).toEqual({ balance: 200, ledgerEntries: 1, ledgerSum: 200 });
  });
});
