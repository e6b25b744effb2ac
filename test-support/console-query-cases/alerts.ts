import { firingConditions } from "@/lib/observability/alerts/conditions";
import { openAlerts } from "@/lib/observability/alerts/raise-alerts";
import type { ConsoleQueryCase } from "@/test-support/console-query-cases/case";

// The alert conditions the reconcile cron judges, and the overview's open alerts.
export const alertsCases: ConsoleQueryCase[] = [
  { name: "the alert conditions", sends: /FROM stripe_event WHERE "firstSeenAt" >=/, work: firingConditions },
  { name: "the open alerts", sends: /FROM store_alert WHERE "resolvedAt" IS NULL/, work: openAlerts },
];
