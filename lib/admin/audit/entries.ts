import type { z } from "zod/mini";
import type { auditEntryJson } from "@/lib/admin/audit/audit-api";
import { keysetPage, type Page } from "@/lib/admin/events/keyset";
import type { PageCursor } from "@/lib/admin/page-cursor";

// The audit log as the console shows it: every operator action, newest first, a page at a time by
// (createdAt, id), which audit_log_entry's createdAt index serves.

export type AuditEntryView = z.infer<typeof auditEntryJson>;

export const AUDIT_PAGE_SIZE = 50;

interface EntryRow {
  id: string;
  actorEmail: string;
  action: string;
  targetType: string;
  targetId: string;
  reason: string;
  before: unknown;
  after: unknown;
  requestId: string;
  createdAt: Date;
}

export async function auditEntries(cursor: PageCursor | undefined, size = AUDIT_PAGE_SIZE): Promise<Page<AuditEntryView>> {
  const page = await keysetPage<EntryRow>(
    {
      from: `id, "actorEmail", action, "targetType", "targetId", reason, before, after, "requestId", "createdAt" FROM audit_log_entry`,
      time: `"createdAt"`,
      where: [],
      values: [],
      cursor,
      size,
    },
    (row) => row.createdAt,
  );
  return { ...page, rows: page.rows.map((row) => ({ ...row, createdAt: row.createdAt.toISOString() })) };
}
