import { sql } from "@/lib/db";
import { env } from "@/lib/config/env";
import { logger } from "@/lib/observability/logger";
import { firingConditions, type FiringCondition } from "@/lib/observability/alerts/conditions";

// Run after each reconcile (the cron every store has): every condition that holds is opened or
// kept open in store_alert, one that no longer holds is resolved, and each open alert is posted to
// ALERT_WEBHOOK_URL at most once an hour. Which instance posts is decided by one UPDATE that only
// one of them can win, and the post happens after it, outside any transaction; a post that fails
// hands the turn back, so the next run tries again.

const NOW = "timezone('UTC', now())";
const REPEAT_AFTER_MINUTES = 60;
const POST_TIMEOUT_MS = 5_000;

export interface AlertRound {
  open: string[];
  notified: string[];
  resolved: string[];
}

async function keepOpen(firing: FiringCondition): Promise<void> {
  await sql(
    `INSERT INTO store_alert (condition, summary, "firingSince", "updatedAt") VALUES ($1, $2, ${NOW}, ${NOW})
     ON CONFLICT (condition) DO UPDATE SET
       summary = excluded.summary,
       "firingSince" = CASE WHEN store_alert."resolvedAt" IS NULL THEN store_alert."firingSince" ELSE excluded."firingSince" END,
       "lastNotifiedAt" = CASE WHEN store_alert."resolvedAt" IS NULL THEN store_alert."lastNotifiedAt" END,
       "resolvedAt" = NULL,
       "updatedAt" = ${NOW}`,
    [firing.condition, firing.summary],
  );
}

/** Takes this alert's turn to be posted, if it is due; false when another run has it or posted it within the hour. */
async function takeTurnToNotify(condition: string): Promise<boolean> {
  const taken = await sql(
    `UPDATE store_alert SET "lastNotifiedAt" = ${NOW}
     WHERE condition = $1 AND "resolvedAt" IS NULL AND ("lastNotifiedAt" IS NULL OR "lastNotifiedAt" < ${NOW} - make_interval(mins => $2))
     RETURNING condition`,
    [condition, REPEAT_AFTER_MINUTES],
  );
  return taken.length === 1;
}

async function post(url: string, alert: FiringCondition): Promise<void> {
  // Slack's incoming webhooks read `text`; other receivers can read the named fields.
  const body = JSON.stringify({ text: `Storefront alert: ${alert.summary}`, condition: alert.condition, summary: alert.summary });
  const response = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body, signal: AbortSignal.timeout(POST_TIMEOUT_MS) });
  if (!response.ok) throw new Error(`the alert receiver answered ${response.status}`);
}

/** Posts each alert whose turn this run takes; answers the ones posted. */
async function notifyDue(url: string, firing: FiringCondition[]): Promise<string[]> {
  const notified: string[] = [];
  for (const alert of firing) {
    if (!(await takeTurnToNotify(alert.condition))) continue;
    try {
      await post(url, alert);
      notified.push(alert.condition);
      logger().warn({ condition: alert.condition }, `alert: ${alert.summary}`);
    } catch (error) {
      await sql(`UPDATE store_alert SET "lastNotifiedAt" = NULL WHERE condition = $1`, [alert.condition]);
      logger().error({ err: error, condition: alert.condition }, "alert: could not post to ALERT_WEBHOOK_URL; the next run tries again");
    }
  }
  return notified;
}

export async function raiseAlerts(): Promise<AlertRound> {
  const firing = await firingConditions();
  for (const alert of firing) await keepOpen(alert);
  const names = firing.map((alert) => alert.condition);
  const resolved = await sql<{ condition: string }>(
    `UPDATE store_alert SET "resolvedAt" = ${NOW}, "updatedAt" = ${NOW} WHERE "resolvedAt" IS NULL AND NOT (condition = ANY($1::text[])) RETURNING condition`,
    [names],
  );

  const url = env().ALERT_WEBHOOK_URL;
  const notified = url ? await notifyDue(url, firing) : [];
  return { open: names, notified, resolved: resolved.map((row) => row.condition) };
}

export interface OpenAlert {
  condition: string;
  summary: string;
  firingSince: Date;
  lastNotifiedAt: Date | null;
}

/** The alerts open now, oldest first, for the console's overview (plain SQL, as its other figures). */
export function openAlerts(): Promise<OpenAlert[]> {
  return sql<OpenAlert>(
    `SELECT condition, summary, "firingSince", "lastNotifiedAt" FROM store_alert WHERE "resolvedAt" IS NULL ORDER BY "firingSince" ASC`,
    [],
  );
}
