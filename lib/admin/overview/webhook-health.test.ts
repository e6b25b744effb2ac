import { beforeAll, describe, expect, it } from "vitest";
import { sql } from "@/lib/db";
import { webhookHealth, type WebhookHealth } from "@/lib/admin/overview/webhook-health";
import { addEvent, shifted } from "@/test-support/store-rows";

// Webhook health as the store owner reads it: when Stripe's last event arrived, how the last 24
// hours' events ended, how long their work took, and the event that has waited longest.

const NOW = new Date("2026-04-10T08:00:00.000Z");

describe("webhook health after a day of events", () => {
  let health: WebhookHealth;
  let failedLongAgo: string;
  let failedToday: string;

  beforeAll(async () => {
    // 100 events finished in the last 24 hours, their work taking 10, 20, … 1000 ms: 97 processed,
    // one found done by another copy, two that needed nothing.
    for (let n = 1; n <= 100; n += 1) {
      const claimedAt = shifted(NOW, { hours: -20, minutes: n });
      const outcome = n === 50 ? "duplicate" : n % 40 === 0 ? "ignored: not a storefront object" : "processed";
      await addEvent({ firstSeenAt: shifted(claimedAt, { ms: -5 }), claimedAt, processedAt: shifted(claimedAt, { ms: n * 10 }), outcome });
    }
    failedToday = await addEvent({ firstSeenAt: shifted(NOW, { hours: -2 }), claimedAt: shifted(NOW, { hours: -1 }), attempts: 3, lastError: "Stripe could not be reached" });
    await addEvent({ firstSeenAt: shifted(NOW, { hours: -3 }), claimedAt: shifted(NOW, { hours: -3 }), lastError: "deadlock detected" });
    // Being worked on right now: not a failure.
    await addEvent({ id: "evt_newest", firstSeenAt: shifted(NOW, { seconds: -10 }), claimedAt: shifted(NOW, { seconds: -10 }) });
    // Older than 24 hours: not in the day's counts, but still unfinished.
    await addEvent({ firstSeenAt: shifted(NOW, { hours: -25 }), claimedAt: shifted(NOW, { hours: -25 }), processedAt: shifted(NOW, { hours: -25, ms: 40 }), outcome: "processed" });
    failedLongAgo = await addEvent({ type: "charge.refunded", firstSeenAt: shifted(NOW, { days: -3 }), claimedAt: shifted(NOW, { days: -1 }), attempts: 7, lastError: "Stripe could not be reached" });
    health = await webhookHealth(NOW);
  });

  it("counts the last 24 hours' events as processed, ignored, failed and in progress", () => {
    expect(health.last24h).toMatchObject({ lastReceivedAt: "2026-04-10T07:59:50.000Z", processed: 98, ignored: 2, failed: 2, inProgress: 1 });
  });

  it("gives the processing time's p50 and p99 over the finished events, interpolated as percentile_cont does", () => {
    expect(health.last24h.p50Ms).toBeCloseTo(505, 6);
    expect(health.last24h.p99Ms).toBeCloseTo(990.1, 6);
  });

  it("names the oldest unfinished event, three days old, with its attempts and last error", () => {
    expect(health.unfinished).toBe(4);
    expect(health.failing).toBe(3);
    expect(health.oldestUnfinished).toEqual({
      id: failedLongAgo,
      type: "charge.refunded",
      firstSeenAt: "2026-04-07T08:00:00.000Z",
      ageSeconds: 3 * 86_400,
      attempts: 7,
      lastError: "Stripe could not be reached",
    });
  });

  it("counts a failed event as processed once a later attempt finishes it", async () => {
    await sql(`UPDATE stripe_event SET "claimedAt" = $2::timestamp, "processedAt" = $3::timestamp, outcome = 'processed' WHERE id = $1`, [
      failedToday,
      shifted(NOW, { minutes: -1 }).toISOString(),
      shifted(NOW, { minutes: -1, ms: 10 }).toISOString(),
    ]);
    const after = await webhookHealth(NOW);
    expect(after.last24h).toMatchObject({ processed: 99, failed: 1, inProgress: 1 });
    expect(after.unfinished).toBe(3);
  });
});
