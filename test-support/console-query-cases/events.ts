import { auditEntries } from "@/lib/admin/audit/entries";
import { defaultCatchUpSince, storedOf } from "@/lib/admin/events/catch-up";
import { EVENT_STATUSES } from "@/lib/admin/events/events-api";
import { eventLog, loggedEvent } from "@/lib/admin/events/event-log";
import { reconcileRuns } from "@/lib/admin/reconcile/runs";
import type { ConsoleQueryCase } from "@/test-support/console-query-cases/case";

// The console's events, reconcile and audit queries, run by lib/admin/console-query-plans.test.ts
// on a busy year's store (1,000,000 events, 2,000 reconcile runs, 5,000 audit entries).

const halfAYearAgo = new Date(Date.now() - 182 * 24 * 3600_000);
const deep = (id: string) => ({ direction: "older" as const, at: halfAYearAgo, id });
const back = (id: string) => ({ direction: "newer" as const, at: halfAYearAgo, id });
const LOG = /FROM stripe_event .*ORDER BY "firstSeenAt" (DESC|ASC), id/;

export const eventsCases: ConsoleQueryCase[] = [
  { name: "the event log's first page", sends: LOG, work: () => eventLog({}) },
  { name: "the event log half a year back", sends: LOG, work: () => eventLog({ cursor: deep("evt_bulk_500000") }) },
  { name: "the event log paging back towards the newest", sends: LOG, work: () => eventLog({ cursor: back("evt_bulk_500000") }) },
  ...EVENT_STATUSES.map((status) => ({ name: `the event log of ${status} events`, sends: LOG, work: () => eventLog({ status }) })),
  { name: "the failed events half a year back", sends: LOG, work: () => eventLog({ status: "failed", cursor: deep("evt_bulk_500000") }) },
  { name: "the event log of one type", sends: LOG, work: () => eventLog({ type: "invoice.paid" }) },
  { name: "the ignored events of one type, half a year back", sends: LOG, work: () => eventLog({ type: "charge.refunded", status: "ignored", cursor: deep("evt_bulk_500000") }) },
  { name: "an event found by its evt_ id", sends: /FROM stripe_event WHERE id = \$1/, work: () => loggedEvent("evt_bulk_777") },
  { name: "the events about one checkout session", sends: /FROM stripe_event WHERE "objectId" = \$1/, work: () => eventLog({ search: "cs_test_bulk_4242" }) },
  { name: "where a catch-up starts (the newest event received)", sends: /max\("firstSeenAt"\)/, work: () => defaultCatchUpSince() },
  {
    name: "which of Stripe's listed events a catch-up already has",
    sends: /WHERE id = ANY/,
    work: () => storedOf(Array.from({ length: 100 }, (_, i) => `evt_bulk_${i * 997 + 1}`)),
  },
  { name: "the reconcile runs' first page", sends: /FROM reconcile_run .*ORDER BY "startedAt" DESC/, work: () => reconcileRuns(undefined) },
  { name: "the reconcile runs a month back", sends: /FROM reconcile_run/, work: () => reconcileRuns({ direction: "older", at: new Date(Date.now() - 30 * 24 * 3600_000), id: "bulk_run_720" }) },
  { name: "the audit log's first page", sends: /FROM audit_log_entry .*ORDER BY "createdAt" DESC/, work: () => auditEntries(undefined) },
  { name: "the audit log a hundred days back", sends: /FROM audit_log_entry/, work: () => auditEntries({ direction: "older", at: new Date(Date.now() - 100 * 24 * 3600_000), id: "bulk_audit_2400" }) },
];
