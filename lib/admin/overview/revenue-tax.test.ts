import { expect, it } from "vitest";
import { revenueByProduct } from "@/lib/admin/overview/revenue";
import { addBuyer, addDispute, addPurchase } from "@/test-support/store-rows";

// Tax Stripe added to a sale (automatic tax) is the government's: the overview's revenue leaves it
// out of what was sold, and out of what was refunded or charged back, in the proportion it was paid.

const NOW = new Date("2026-06-15T12:00:00.000Z");

it("counts a taxed sale without its tax, and takes refunds and chargebacks back without theirs", async () => {
  const { id: userId } = await addBuyer();
  const sale = { userId, productKey: "large_pack", status: "paid" as const, createdAt: new Date("2026-06-15T08:59:00Z"), fulfilledAt: new Date("2026-06-15T09:00:00Z") };
  // $11.90 with $1.90 of tax (19 %), half refunded: $5 of price and $0.95 of tax went back.
  await addPurchase({ ...sale, amountCents: 1190, taxCents: 190, refundedCents: 595 });
  // $11.90 with $1.90 of tax, charged back and lost: $10 of price taken.
  const disputed = await addPurchase({ ...sale, amountCents: 1190, taxCents: 190 });
  await addDispute({ userId, checkoutSessionId: disputed, status: "lost", createdAt: new Date("2026-06-15T10:00:00Z") });

  const today = (await revenueByProduct(NOW)).find((window) => window.span === "today");

  expect(today?.lines).toEqual([
    { productKey: "large_pack", currency: "usd", sales: 2, grossCents: 2000, refundedCents: 500, disputedCents: 1000, netCents: 500 },
  ]);
});
