import type { z } from "zod/mini";
import type { EVENT_STATUSES, loggedEventJson } from "@/lib/admin/events/events-api";
import { keysetPage, type Page } from "@/lib/admin/events/keyset";
import type { PageCursor } from "@/lib/admin/page-cursor";

// The log of Stripe events received, newest first by when the first copy arrived. Each filter is
// one an index serves (stripe_event's firstSeenAt, (type, firstSeenAt), (processedAt, firstSeenAt),
// objectId, the primary key), so a page reads a few dozen rows of a million.

export type EventStatus = (typeof EVENT_STATUSES)[number];

export interface EventLogFilter {
  type?: string;
  status?: EventStatus;
  /** An evt_ id, or the id of what an event is about (cs_, pi_, sub_, in_, ch_, dp_ …). */
  search?: string;
  cursor?: PageCursor;
}

export interface LoggedEvent {
  id: string;
  type: string;
  objectId: string | null;
  /** When Stripe created the event. */
  createdAt: Date;
  firstSeenAt: Date;
  processedAt: Date | null;
  status: EventStatus;
  /** Why an ignored event needed nothing. */
  reason: string | null;
  attempts: number;
  /** What the last attempt's work took, once it finished. */
  durationMs: number | null;
  /** The last failure; kept after a later attempt succeeded. */
  lastError: string | null;
}

export const EVENT_PAGE_SIZE = 50;

interface EventRow {
  id: string;
  type: string;
  objectId: string | null;
  createdAt: Date;
  firstSeenAt: Date;
  claimedAt: Date | null;
  processedAt: Date | null;
  outcome: string | null;
  attempts: number;
  lastError: string | null;
}

// The meanings every console page shares (a failure is kept on an unfinished row; see event-claims.ts).
const STATUS_SQL: Record<EventStatus, string> = {
  processed: `outcome = 'processed'`,
  duplicate: `outcome = 'duplicate'`,
  ignored: `outcome LIKE 'ignored:%'`,
  failed: `"processedAt" IS NULL AND "lastError" IS NOT NULL`,
  in_progress: `"processedAt" IS NULL AND "lastError" IS NULL`,
};

function statusOf(row: EventRow): { status: EventStatus; reason: string | null } {
  if (row.processedAt === null) return { status: row.lastError === null ? "in_progress" : "failed", reason: null };
  if (row.outcome?.startsWith("ignored")) return { status: "ignored", reason: row.outcome.replace(/^ignored:\s*/, "") || null };
  return { status: row.outcome === "duplicate" ? "duplicate" : "processed", reason: null };
}

function toLogged(row: EventRow): LoggedEvent {
  const { id, type, objectId, createdAt, firstSeenAt, processedAt, claimedAt, attempts, lastError } = row;
  const durationMs = processedAt && claimedAt ? Math.max(0, processedAt.getTime() - claimedAt.getTime()) : null;
  return { id, type, objectId, createdAt, firstSeenAt, processedAt, ...statusOf(row), attempts, durationMs, lastError };
}

export async function eventLog(filter: EventLogFilter, size = EVENT_PAGE_SIZE): Promise<Page<LoggedEvent>> {
  const where: string[] = [];
  const values: unknown[] = [];
  const param = (value: unknown) => {
    values.push(value);
    return `$${values.length}`;
  };
  if (filter.type) where.push(`type = ${param(filter.type)}`);
  if (filter.status) where.push(STATUS_SQL[filter.status]);
  if (filter.search) where.push(filter.search.startsWith("evt_") ? `id = ${param(filter.search)}` : `"objectId" = ${param(filter.search)}`);
  const page = await keysetPage<EventRow>(
    {
      from: `id, type, "objectId", "createdAt", "firstSeenAt", "claimedAt", "processedAt", outcome, attempts, "lastError" FROM stripe_event`,
      time: `"firstSeenAt"`,
      where,
      values,
      cursor: filter.cursor,
      size,
    },
    (row) => row.firstSeenAt,
  );
  return { ...page, rows: page.rows.map(toLogged) };
}

/** One event as the log shows it, or null when none was received. */
export async function loggedEvent(eventId: string): Promise<LoggedEvent | null> {
  return (await eventLog({ search: eventId }, 1)).rows[0] ?? null;
}

/** The event as the API answers it (times as ISO strings). */
export function eventJson(event: LoggedEvent): z.infer<typeof loggedEventJson> {
  return {
    ...event,
    createdAt: event.createdAt.toISOString(),
    firstSeenAt: event.firstSeenAt.toISOString(),
    processedAt: event.processedAt?.toISOString() ?? null,
  };
}
