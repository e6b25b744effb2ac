import { describe, expect, it } from "vitest";
import { purchaseHistory } from "@/lib/account/account-views";
import { paidBreakdownFor } from "@/lib/account/paid-breakdown";
import { searchPurchases } from "@/lib/admin/purchases/search";
import { db } from "@/lib/db";
import { addBuyer, addPurchase } from "@/test-support/store-rows";

// What the pages are given to show of what a buyer paid: the success page the whole breakdown of
// the buyer's own completed checkout; the lists a breakdown only where a discount or tax made the
// total differ from the price.

const paidAt = new Date("2026-12-01T10:00:00.000Z");

async function purchaseWith(userId: string, amounts: { amountCents: number; subtotalCents: number | null; discountCents?: number; taxCents?: number; promotionCode?: string }) {
  const { amountCents, ...rest } = amounts;
  const sessionId = await addPurchase({ userId, productKey: "medium_pack", amountCents, status: "paid", createdAt: paidAt, fulfilledAt: paidAt });
  await db.purchase.update({ where: { checkoutSessionId: sessionId }, data: rest });
  return sessionId;
}

describe("what a buyer is shown they paid", () => {
  it("is the whole breakdown on the success page, for their own checkout only", async () => {
    const buyer = await addBuyer();
    const stranger = await addBuyer();
    const sessionId = await purchaseWith(buyer.id, { amountCents: 476, subtotalCents: 500, discountCents: 100, taxCents: 76, promotionCode: "LAUNCH20" });

    expect(await paidBreakdownFor(buyer.id, sessionId)).toEqual({
      subtotalCents: 500,
      discountCents: 100,
      promotionCode: "LAUNCH20",
      taxCents: 76,
      totalCents: 476,
      currency: "usd",
    });
    expect(await paidBreakdownFor(stranger.id, sessionId)).toBeNull();
  });

  it("is nothing yet for a checkout whose session has not completed", async () => {
    const buyer = await addBuyer();
    const sessionId = await purchaseWith(buyer.id, { amountCents: 500, subtotalCents: null });

    expect(await paidBreakdownFor(buyer.id, sessionId)).toBeNull();
  });

  it("is nothing for a free trial's checkout, but shows a code that took the whole price off", async () => {
    const buyer = await addBuyer();
    const trial = await purchaseWith(buyer.id, { amountCents: 0, subtotalCents: 0 });
    const free = await purchaseWith(buyer.id, { amountCents: 0, subtotalCents: 500, discountCents: 500, promotionCode: "ON-THE-HOUSE" });

    expect(await paidBreakdownFor(buyer.id, trial)).toBeNull();
    expect(await paidBreakdownFor(buyer.id, free)).toMatchObject({ subtotalCents: 500, discountCents: 500, totalCents: 0, promotionCode: "ON-THE-HOUSE" });
  });

  it("is itemised in the history and the console's list only where a discount or tax changed the total", async () => {
    const buyer = await addBuyer();
    const plain = await purchaseWith(buyer.id, { amountCents: 500, subtotalCents: 500 });
    const taxed = await purchaseWith(buyer.id, { amountCents: 595, subtotalCents: 500, taxCents: 95 });

    const history = new Map((await purchaseHistory(buyer.id)).map((view) => [view.checkoutSessionId, view]));
    expect(history.get(plain)).toMatchObject({ amountCents: 500, breakdown: null });
    expect(history.get(taxed)).toMatchObject({ amountCents: 595, breakdown: { subtotalCents: 500, discountCents: 0, taxCents: 95, totalCents: 595 } });

    const { purchases } = await searchPurchases({ term: { kind: "user", id: buyer.id }, status: null, productKey: null, from: null, until: null, cursor: null });
    const listed = new Map(purchases.map((item) => [item.checkoutSessionId, item.breakdown]));
    expect(listed.get(plain)).toBeNull();
    expect(listed.get(taxed)).toMatchObject({ taxCents: 95, totalCents: 595 });
  });
});
