import { describe, expect, it } from "vitest";
import { lastReconcileRun } from "@/lib/admin/overview/last-reconcile";
import { openDisputes } from "@/lib/admin/overview/open-disputes";
import { addBuyer, addDispute, addPurchase, addReconcileRun } from "@/test-support/store-rows";

// The overview's open disputes (how many, and the newest with what was bought, by whom, for how
// much) and the last reconcile run with how much drift it found.

describe("open disputes", () => {
  it("counts the disputes still open, lists the newest five first with their purchase, and leaves closed ones out", async () => {
    const buyer = await addBuyer("disputing-buyer@example.com");
    const disputeOn = async (status: string, day: number) => {
      const checkoutSessionId = await addPurchase({ userId: buyer.id, productKey: "lifetime", amountCents: 19900, status: "paid", createdAt: new Date(`2026-02-0${day}T10:00:00Z`), fulfilledAt: new Date(`2026-02-0${day}T10:01:00Z`) });
      return { checkoutSessionId, id: await addDispute({ userId: buyer.id, checkoutSessionId, status, createdAt: new Date(`2026-02-0${day}T12:00:00Z`) }) };
    };
    const open = [
      await disputeOn("needs_response", 1),
      await disputeOn("under_review", 2),
      await disputeOn("warning_needs_response", 3),
      await disputeOn("warning_under_review", 4),
      await disputeOn("needs_response", 5),
      await disputeOn("needs_response", 6),
    ];
    for (const [status, day] of [["won", 7], ["lost", 8], ["warning_closed", 9]] as const) await disputeOn(status, day);

    const disputes = await openDisputes();
    expect(disputes.count).toBe(6);
    expect(disputes.newest.map((dispute) => dispute.id)).toEqual(open.slice(1).reverse().map((dispute) => dispute.id));
    expect(disputes.newest[0]).toEqual({
      id: open[5]?.id,
      status: "needs_response",
      openedAt: "2026-02-06T12:00:00.000Z",
      checkoutSessionId: open[5]?.checkoutSessionId,
      productKey: "lifetime",
      amountCents: 19900,
      currency: "usd",
      buyerEmail: "disputing-buyer@example.com",
    });
  });
});

describe("the last reconcile run", () => {
  it("is the newest by start, with the number of drifts it found, still running when it has no end", async () => {
    await addReconcileRun({ trigger: "cron", startedAt: new Date("2026-02-01T00:00:00Z"), finishedAt: new Date("2026-02-01T00:00:02Z"), checked: 40, changed: 0, drift: [] });
    await addReconcileRun({
      trigger: "console",
      startedAt: new Date("2026-02-02T00:00:00Z"),
      finishedAt: new Date("2026-02-02T00:00:03Z"),
      checked: 41,
      changed: 2,
      errors: 1,
      drift: [{ checkoutSessionId: "cs_test_a" }, { checkoutSessionId: "cs_test_b" }],
    });
    expect(await lastReconcileRun()).toMatchObject({ trigger: "console", startedAt: "2026-02-02T00:00:00.000Z", finishedAt: "2026-02-02T00:00:03.000Z", checked: 41, changed: 2, errors: 1, drift: 2 });

    await addReconcileRun({ trigger: "cron", startedAt: new Date("2026-02-03T00:00:00Z"), checked: 0, changed: 0, drift: [] });
    expect(await lastReconcileRun()).toMatchObject({ trigger: "cron", startedAt: "2026-02-03T00:00:00.000Z", finishedAt: null, drift: 0 });
  });
});
