import { beforeAll, describe, expect, it } from "vitest";
import { revenueByProduct, type RevenueWindow } from "@/lib/admin/overview/revenue";
import { addBuyer, addDispute, addPurchase, shifted, type PurchaseRow } from "@/test-support/store-rows";

// The revenue a store owner reads on the overview, to the cent: which sales count in today's, the
// week's and the month's figures (UTC days), and how refunds and disputes come off them.

const NOW = new Date("2026-06-15T12:00:00.000Z");
const figures = (sales: number, grossCents: number, refundedCents: number, disputedCents: number) => ({
  sales,
  grossCents,
  refundedCents,
  disputedCents,
  netCents: grossCents - refundedCents - disputedCents,
});
const zeroInDollars = { currency: "usd", ...figures(0, 0, 0, 0) };

function spanOf(windows: RevenueWindow[], span: RevenueWindow["span"]): RevenueWindow {
  const window = windows.find((each) => each.span === span);
  if (!window) throw new Error(`no ${span} window`);
  return window;
}

describe("revenue by product on a store with a month of sales", () => {
  let windows: RevenueWindow[];

  beforeAll(async () => {
    const { id: userId } = await addBuyer();
    const sale = async (row: Omit<PurchaseRow, "userId" | "status" | "createdAt"> & { status?: PurchaseRow["status"] }, dispute?: string) => {
      const fulfilledAt = row.fulfilledAt ?? NOW;
      const id = await addPurchase({ userId, status: "paid", createdAt: shifted(fulfilledAt, { minutes: -1 }), ...row });
      if (dispute) await addDispute({ userId, checkoutSessionId: id, status: dispute, createdAt: shifted(fulfilledAt, { days: 1 }) });
      return id;
    };
    await sale({ productKey: "medium_pack", amountCents: 500, fulfilledAt: new Date("2026-06-15T09:00:00Z") });
    await sale({ productKey: "medium_pack", amountCents: 500, fulfilledAt: new Date("2026-06-15T10:00:00Z"), refundedCents: 500 });
    await sale({ productKey: "medium_pack", amountCents: 450, currency: "eur", fulfilledAt: new Date("2026-06-15T11:00:00Z") });
    // The last millisecond of yesterday: in the week, not today.
    await sale({ productKey: "medium_pack", amountCents: 500, fulfilledAt: new Date("2026-06-14T23:59:59.999Z") });
    await sale({ productKey: "large_pack", amountCents: 1000, fulfilledAt: new Date("2026-06-12T15:00:00Z"), refundedCents: 250 });
    // Partly refunded, then charged back and lost: only the unrefunded 600 is disputed.
    await sale({ productKey: "large_pack", amountCents: 1000, fulfilledAt: new Date("2026-06-10T08:00:00Z"), refundedCents: 400 }, "lost");
    // An inquiry moves no money.
    await sale({ productKey: "advanced", amountCents: 1900, fulfilledAt: new Date("2026-06-13T08:00:00Z") }, "warning_needs_response");
    const chargedBack = await sale({ productKey: "lifetime", amountCents: 19900, fulfilledAt: new Date("2026-06-05T08:00:00Z") }, "needs_response");
    // A second chargeback on the same sale can take no more than the sale: it counts once.
    await addDispute({ userId, checkoutSessionId: chargedBack, status: "under_review", createdAt: new Date("2026-06-07T08:00:00Z") });
    await sale({ productKey: "starter", amountCents: 900, fulfilledAt: new Date("2026-05-26T08:00:00Z") }, "won");
    // The first moment of the 30th day back is in; the moment before it is not.
    await sale({ productKey: "small_pack", amountCents: 100, fulfilledAt: new Date("2026-05-17T00:00:00.000Z") });
    await sale({ productKey: "small_pack", amountCents: 100, fulfilledAt: new Date("2026-05-16T23:59:59.999Z") });
    // Checkouts that delivered nothing are no revenue.
    await addPurchase({ userId, productKey: "medium_pack", amountCents: 500, status: "expired", createdAt: new Date("2026-06-15T07:00:00Z") });
    await addPurchase({ userId, productKey: "medium_pack", amountCents: 500, status: "failed", createdAt: new Date("2026-06-15T07:30:00Z") });
    windows = await revenueByProduct(NOW);
  });

  it("shows today's sales since 00:00 UTC, a full refund taking a sale back to nothing, each currency apart", () => {
    const today = spanOf(windows, "today");
    expect(today.since).toBe("2026-06-15T00:00:00.000Z");
    expect(today.lines).toEqual([
      { productKey: "medium_pack", currency: "usd", ...figures(2, 1000, 500, 0) },
      { productKey: "medium_pack", currency: "eur", ...figures(1, 450, 0, 0) },
    ]);
    expect(today.totals).toEqual([
      { currency: "usd", ...figures(2, 1000, 500, 0) },
      { currency: "eur", ...figures(1, 450, 0, 0) },
    ]);
  });

  it("shows the last 7 days with partial refunds, a lost chargeback's unrefunded part, and no amount for an inquiry", () => {
    const week = spanOf(windows, "days7");
    expect(week.since).toBe("2026-06-09T00:00:00.000Z");
    expect(week.lines).toEqual([
      { productKey: "large_pack", currency: "usd", ...figures(2, 2000, 650, 600) },
      { productKey: "advanced", currency: "usd", ...figures(1, 1900, 0, 0) },
      { productKey: "medium_pack", currency: "usd", ...figures(3, 1500, 500, 0) },
      { productKey: "medium_pack", currency: "eur", ...figures(1, 450, 0, 0) },
    ]);
    expect(week.totals).toEqual([
      { currency: "usd", ...figures(6, 5400, 1150, 600) },
      { currency: "eur", ...figures(1, 450, 0, 0) },
    ]);
  });

  it("shows the last 30 days with an open chargeback taking its whole sale, and a won one taking nothing", () => {
    const month = spanOf(windows, "days30");
    expect(month.since).toBe("2026-05-17T00:00:00.000Z");
    expect(month.lines).toEqual([
      { productKey: "lifetime", currency: "usd", ...figures(1, 19900, 0, 19900) },
      { productKey: "large_pack", currency: "usd", ...figures(2, 2000, 650, 600) },
      { productKey: "advanced", currency: "usd", ...figures(1, 1900, 0, 0) },
      { productKey: "medium_pack", currency: "usd", ...figures(3, 1500, 500, 0) },
      { productKey: "starter", currency: "usd", ...figures(1, 900, 0, 0) },
      { productKey: "medium_pack", currency: "eur", ...figures(1, 450, 0, 0) },
      { productKey: "small_pack", currency: "usd", ...figures(1, 100, 0, 0) },
    ]);
    expect(month.totals).toEqual([
      { currency: "usd", ...figures(9, 26300, 1150, 20500) },
      { currency: "eur", ...figures(1, 450, 0, 0) },
    ]);
    expect(month.totals[0]?.netCents).toBe(4650);
  });
});

describe("a refund made today", () => {
  it("comes off the day of its sale: last week's sale refunded today leaves today's figures at zero", async () => {
    const now = new Date("2026-09-15T06:00:00.000Z");
    const { id: userId } = await addBuyer();
    await addPurchase({
      userId,
      productKey: "large_pack",
      amountCents: 1000,
      status: "paid",
      createdAt: new Date("2026-09-12T10:00:00Z"),
      fulfilledAt: new Date("2026-09-12T10:01:00Z"),
      refundedCents: 1000,
    });

    const windows = await revenueByProduct(now);
    expect(spanOf(windows, "today")).toEqual({ span: "today", since: "2026-09-15T00:00:00.000Z", lines: [], totals: [zeroInDollars] });
    expect(spanOf(windows, "days7").totals).toEqual([{ currency: "usd", ...figures(1, 1000, 1000, 0) }]);
    expect(spanOf(windows, "days30").totals).toEqual([{ currency: "usd", ...figures(1, 1000, 1000, 0) }]);
  });
});
