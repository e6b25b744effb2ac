import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { settleCheckout } from "@/lib/payments/fulfilment/fulfil-checkout";
import { signUpBuyer } from "@/test-support/buyers";
import { checkout, coinsOf, checkoutSnapshot } from "@/test-support/route-calls";
import { startTestStripe, type TestStripe } from "@/test-support/test-stripe";

// The last line of exactly-once: the coin ledger's unique (reason, sourceId), on the real
// database built from the committed migrations. fulfilledAt is the guard that normally stops a
// second credit; this key must stop one even when that guard is bypassed.

let sandbox: TestStripe;
beforeAll(async () => {
  sandbox = await startTestStripe({ deliverWebhooks: false });
});
afterAll(() => sandbox.close());

describe("the coin ledger's key", () => {
  it("refuses a second entry for the same reason and source, for any user, and allows another reason for that source", async () => {
    const [first, second] = await Promise.all([signUpBuyer(), signUpBuyer()]);
    const entry = { delta: 100, reason: "refund" as const, sourceId: "re_test_once" };
    await db.coinLedgerEntry.create({ data: { userId: first.id, ...entry } });

    await expect(db.coinLedgerEntry.create({ data: { userId: first.id, ...entry } })).rejects.toMatchObject({ code: "P2002" });
    await expect(db.coinLedgerEntry.create({ data: { userId: second.id, ...entry, delta: 1 } })).rejects.toMatchObject({ code: "P2002" });
    await db.coinLedgerEntry.create({ data: { userId: first.id, ...entry, reason: "refund_reversal", delta: -100 } });

    expect(await db.coinLedgerEntry.count({ where: { sourceId: entry.sourceId } })).toBe(2);
  });

  it("stops a second credit for a paid pack even when its purchase is made to look unfulfilled, and the whole settlement rolls back", async () => {
    const buyer = await signUpBuyer();
    const { sessionId } = await checkout(buyer, await sandbox.priceId("small_pack"));
    await sandbox.control(`/_sandbox/checkout/sessions/${sessionId}/pay`, { card: "4242424242424242" });
    expect(await settleCheckout(await checkoutSnapshot(sessionId))).toMatchObject({ kind: "settled", deliveredNow: true });
    // As if a bug or a hand-edited row had lost the purchase's own record of its delivery.
    await db.purchase.update({ where: { checkoutSessionId: sessionId }, data: { fulfilledAt: null, status: "unpaid", sessionStatus: "open", stripeReadAt: null } });

    await expect(settleCheckout(await checkoutSnapshot(sessionId))).rejects.toThrow(/unique|duplicate key/i);

    expect(await coinsOf(buyer.id)).toEqual({ balance: 200, ledgerEntries: 1, ledgerSum: 200 });
    expect(await db.purchase.findUniqueOrThrow({ where: { checkoutSessionId: sessionId } })).toMatchObject({ fulfilledAt: null, status: "unpaid" });
  });
});
