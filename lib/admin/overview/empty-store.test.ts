import { describe, expect, it } from "vitest";
import { lastReconcileRun } from "@/lib/admin/overview/last-reconcile";
import { openDisputes } from "@/lib/admin/overview/open-disputes";
import { paymentHealth } from "@/lib/admin/overview/payment-health";
import { paymentRatesByDay } from "@/lib/admin/overview/payment-rates";
import { revenueByProduct } from "@/lib/admin/overview/revenue";
import { webhookHealth } from "@/lib/admin/overview/webhook-health";

// A store that has sold nothing yet: the overview reads zeros, empty lists and "none yet", never
// NaN, and calls its payments healthy.

describe("the overview of a new store", () => {
  it("reads zero revenue in every window, in the store's currency", async () => {
    const windows = await revenueByProduct(new Date("2026-01-01T00:00:00Z"));
    const zero = { currency: "usd", sales: 0, grossCents: 0, refundedCents: 0, disputedCents: 0, netCents: 0 };
    expect(windows.map(({ span, lines, totals }) => ({ span, lines, totals }))).toEqual([
      { span: "today", lines: [], totals: [zero] },
      { span: "days7", lines: [], totals: [zero] },
      { span: "days30", lines: [], totals: [zero] },
    ]);
  });

  it("reads 14 days without Checkouts and no rate rather than NaN", async () => {
    const rates = await paymentRatesByDay(new Date("2026-01-01T00:00:00Z"));
    expect(rates.days).toHaveLength(14);
    for (const day of rates.days) expect(day).toMatchObject({ created: 0, paid: 0, failed: 0, successRate: null, conversion: null });
    expect(rates.overall).toEqual({ created: 0, paid: 0, failed: 0, successRate: null, conversion: null });
  });

  it("reads no event, no dispute, no reconcile run, and calls that healthy", async () => {
    const now = new Date("2026-01-01T00:00:00Z");
    const [webhooks, disputes, reconcile, rates] = await Promise.all([webhookHealth(now), openDisputes(), lastReconcileRun(), paymentRatesByDay(now)]);
    expect(webhooks).toEqual({
      last24h: { lastReceivedAt: null, processed: 0, ignored: 0, failed: 0, inProgress: 0, p50Ms: null, p99Ms: null },
      unfinished: 0,
      failing: 0,
      oldestUnfinished: null,
    });
    expect(disputes).toEqual({ count: 0, newest: [] });
    expect(reconcile).toBeNull();
    expect(paymentHealth({ webhooks, rates, reconcile, disputes })).toEqual({ healthy: true, problems: [], notices: [] });
  });
});
