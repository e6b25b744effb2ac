import { describe, expect, it } from "vitest";
import type { LastReconcile } from "@/lib/admin/overview/last-reconcile";
import { paymentHealth } from "@/lib/admin/overview/payment-health";
import type { PaymentDay, PaymentRates } from "@/lib/admin/overview/payment-rates";
import type { UnfinishedEvent, WebhookHealth } from "@/lib/admin/overview/webhook-health";

// The overview's one-line verdict: which figures make payments "need attention".

const quietDay = { processed: 40, ignored: 3, failed: 0, inProgress: 0, p50Ms: 80, p99Ms: 400 };
const webhooks = (change: Partial<WebhookHealth["last24h"]> = {}, oldestUnfinished: UnfinishedEvent | null = null): WebhookHealth => ({
  last24h: { lastReceivedAt: "2026-05-02T09:00:00.000Z", ...quietDay, ...change },
  unfinished: oldestUnfinished ? 1 : 0,
  failing: oldestUnfinished?.lastError ? 1 : 0,
  oldestUnfinished,
});
const unfinished = (ageSeconds: number, lastError: string | null = null): UnfinishedEvent => ({
  id: "evt_waiting",
  type: "checkout.session.completed",
  firstSeenAt: "2026-05-02T09:00:00.000Z",
  ageSeconds,
  attempts: 1,
  lastError,
});
const day = (iso: string, paid: number): PaymentDay => ({ day: iso, created: paid, paid, failed: 0, successRate: paid ? 1 : null, conversion: paid ? 1 : null });
const rates = (yesterdayPaid = 0, todayPaid = 0): PaymentRates => ({
  days: [day("2026-05-01T00:00:00.000Z", yesterdayPaid), day("2026-05-02T00:00:00.000Z", todayPaid)],
  overall: { created: 0, paid: 0, failed: 0, successRate: null, conversion: null },
});
const run = (drift: number, errors = 0): LastReconcile => ({
  id: "run",
  trigger: "cron",
  startedAt: "2026-05-02T08:00:00.000Z",
  finishedAt: "2026-05-02T08:00:02.000Z",
  checked: 40,
  changed: drift,
  delivered: 0,
  errors,
  drift,
});
const noDisputes = { count: 0, newest: [] };

describe("the overview's verdict on payments", () => {
  it("is healthy when every event was handled and reconcile found nothing", () => {
    expect(paymentHealth({ webhooks: webhooks(), rates: rates(3, 2), reconcile: run(0), disputes: noDisputes })).toEqual({ healthy: true, problems: [], notices: [] });
  });

  it("needs attention for each event that failed in the last 24 hours", () => {
    expect(paymentHealth({ webhooks: webhooks({ failed: 3 }), rates: rates(), reconcile: null, disputes: noDisputes }).problems).toEqual([{ kind: "failed_events", count: 3 }]);
  });

  it("leaves an event being worked on alone for five minutes, then calls it stuck", () => {
    expect(paymentHealth({ webhooks: webhooks({}, unfinished(299)), rates: rates(), reconcile: null, disputes: noDisputes }).healthy).toBe(true);
    expect(paymentHealth({ webhooks: webhooks({}, unfinished(300, "Stripe could not be reached")), rates: rates(), reconcile: null, disputes: noDisputes }).problems).toEqual([
      { kind: "stuck_event", eventId: "evt_waiting", ageSeconds: 300, failed: true },
    ]);
  });

  it("says Stripe's events stopped arriving when Checkouts were paid since yesterday began and no event came since", () => {
    const silent = webhooks({ lastReceivedAt: "2026-04-30T23:59:59.000Z" });
    expect(paymentHealth({ webhooks: silent, rates: rates(0, 1), reconcile: null, disputes: noDisputes }).problems).toEqual([{ kind: "no_events", lastReceivedAt: "2026-04-30T23:59:59.000Z" }]);
    expect(paymentHealth({ webhooks: webhooks({ lastReceivedAt: null }), rates: rates(2, 0), reconcile: null, disputes: noDisputes }).problems).toEqual([{ kind: "no_events", lastReceivedAt: null }]);
    expect(paymentHealth({ webhooks: silent, rates: rates(0, 0), reconcile: null, disputes: noDisputes }).healthy).toBe(true);
  });

  it("needs attention when the last reconcile run found drift or failed on something", () => {
    expect(paymentHealth({ webhooks: webhooks(), rates: rates(), reconcile: run(2), disputes: noDisputes }).problems).toEqual([{ kind: "reconcile_drift", drift: 2, errors: 0 }]);
    expect(paymentHealth({ webhooks: webhooks(), rates: rates(), reconcile: run(0, 1), disputes: noDisputes }).problems).toEqual([{ kind: "reconcile_drift", drift: 0, errors: 1 }]);
  });

  it("notes open disputes without calling payments unhealthy", () => {
    expect(paymentHealth({ webhooks: webhooks(), rates: rates(), reconcile: null, disputes: { count: 2, newest: [] } })).toEqual({
      healthy: true,
      problems: [],
      notices: [{ kind: "open_disputes", count: 2 }],
    });
  });
});
