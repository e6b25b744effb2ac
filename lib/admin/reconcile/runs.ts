import type { z } from "zod/mini";
import { keysetPage, type Page } from "@/lib/admin/events/keyset";
import type { PageCursor } from "@/lib/admin/page-cursor";
import type { reconcileRunJson } from "@/lib/admin/reconcile/reconcile-api";

// The history of reconcile runs (cron, `npm run reconcile`, the console), newest first, a page at
// a time by (startedAt, id), which reconcile_run's startedAt index serves.

export type ReconcileRun = z.infer<typeof reconcileRunJson>;

export const RUN_PAGE_SIZE = 20;

interface RunRow {
  id: string;
  trigger: string;
  startedAt: Date;
  finishedAt: Date | null;
  checked: number;
  changed: number;
  delivered: number;
  errors: number;
  skipped: number;
  drift: ReconcileRun["drift"];
  failures: ReconcileRun["failures"];
}

export async function reconcileRuns(cursor: PageCursor | undefined, size = RUN_PAGE_SIZE): Promise<Page<ReconcileRun>> {
  const page = await keysetPage<RunRow>(
    {
      from: `id, trigger, "startedAt", "finishedAt", checked, changed, delivered, errors, skipped, drift, failures FROM reconcile_run`,
      time: `"startedAt"`,
      where: [],
      values: [],
      cursor,
      size,
    },
    (row) => row.startedAt,
  );
  return {
    ...page,
    rows: page.rows.map((row) => ({ ...row, startedAt: row.startedAt.toISOString(), finishedAt: row.finishedAt?.toISOString() ?? null })),
  };
}
