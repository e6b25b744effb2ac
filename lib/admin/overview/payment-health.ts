import type { LastReconcile } from "@/lib/admin/overview/last-reconcile";
import type { OpenDisputes } from "@/lib/admin/overview/open-disputes";
import type { PaymentRates } from "@/lib/admin/overview/payment-rates";
import type { WebhookHealth } from "@/lib/admin/overview/webhook-health";

// The overview's verdict in one line: are payments healthy? Problems are signs that money may
// not be reaching buyers' accounts (events failing or stuck, Stripe's events not arriving, drift
// reconcile had to repair); notices are things the owner should act on that are not faults of the
// store (open disputes). Worked out from the figures the page already read, so it costs nothing.

/**
 * An unfinished event younger than this is ordinary work in progress: a claim lasts 30 s
 * (lib/payments/webhook/event-claims.ts) and Stripe retries a failed delivery within minutes.
 */
const STUCK_AFTER_SECONDS = 5 * 60;

export type HealthFinding =
  | { kind: "failed_events"; count: number }
  | { kind: "stuck_event"; eventId: string; ageSeconds: number; failed: boolean }
  | { kind: "no_events"; lastReceivedAt: string | null }
  | { kind: "reconcile_drift"; drift: number; errors: number }
  | { kind: "open_disputes"; count: number };

export interface PaymentHealth {
  healthy: boolean;
  problems: HealthFinding[];
  notices: HealthFinding[];
}

interface Figures {
  webhooks: WebhookHealth;
  rates: PaymentRates;
  reconcile: LastReconcile | null;
  disputes: OpenDisputes;
}

/** Paid Checkouts today or yesterday (UTC) while no event has arrived since yesterday began: the webhook endpoint is likely not wired. */
function eventsMissing({ webhooks, rates }: Figures): boolean {
  const recent = rates.days.slice(-2);
  const since = recent[0]?.day;
  if (!since || !recent.some((day) => day.paid > 0)) return false;
  const last = webhooks.last24h.lastReceivedAt;
  return last === null || last < since;
}

export function paymentHealth(figures: Figures): PaymentHealth {
  const { webhooks, reconcile, disputes } = figures;
  const problems: HealthFinding[] = [];
  if (webhooks.last24h.failed > 0) problems.push({ kind: "failed_events", count: webhooks.last24h.failed });
  const oldest = webhooks.oldestUnfinished;
  if (oldest && oldest.ageSeconds >= STUCK_AFTER_SECONDS) {
    problems.push({ kind: "stuck_event", eventId: oldest.id, ageSeconds: oldest.ageSeconds, failed: oldest.lastError !== null });
  }
  if (eventsMissing(figures)) problems.push({ kind: "no_events", lastReceivedAt: webhooks.last24h.lastReceivedAt });
  if (reconcile && (reconcile.drift > 0 || reconcile.errors > 0)) problems.push({ kind: "reconcile_drift", drift: reconcile.drift, errors: reconcile.errors });

  const notices: HealthFinding[] = disputes.count > 0 ? [{ kind: "open_disputes", count: disputes.count }] : [];
  return { healthy: problems.length === 0, problems, notices };
}
