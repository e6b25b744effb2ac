import { lastReconcileRun } from "@/lib/admin/overview/last-reconcile";
import { openDisputes } from "@/lib/admin/overview/open-disputes";
import { paymentRatesByDay } from "@/lib/admin/overview/payment-rates";
import { revenueByProduct } from "@/lib/admin/overview/revenue";
import { webhookHealth } from "@/lib/admin/overview/webhook-health";
import type { ConsoleQueryCase } from "@/test-support/console-query-cases/case";

// The console's overview queries, run by lib/admin/console-query-plans.test.ts on a busy year's store.
export const overviewCases: ConsoleQueryCase[] = [
  { name: "overview: revenue by product over 30 days", sends: /FROM purchase p\s+LEFT JOIN[\s\S]*WHERE p\."fulfilledAt" >= \$3/, work: () => revenueByProduct(new Date()) },
  { name: "overview: payment success and conversion by day over 14 days", sends: /FROM generate_series/, work: () => paymentRatesByDay(new Date()) },
  { name: "overview: open disputes, counted and newest first", sends: /FROM dispute d WHERE d\.status = ANY/, work: () => openDisputes() },
  {
    name: "overview: webhook health, the last 24 hours' events, their percentiles and the oldest unfinished event",
    sends: /percentile_cont\(ARRAY\[0\.5, 0\.99\]\)[\s\S]*"lastError" IS NOT NULL AND "firstSeenAt"[\s\S]*ORDER BY "processedAt", "firstSeenAt" LIMIT 1/,
    work: () => webhookHealth(new Date()),
  },
  { name: "overview: the last reconcile run", sends: /FROM reconcile_run\s+ORDER BY "startedAt" DESC/, work: () => lastReconcileRun() },
];
