import { auditEntries } from "@/lib/admin/audit/entries";
import { cursorParam } from "@/lib/admin/page-cursor";
import { requireOperator } from "@/lib/admin/operator";
import { apiRoute } from "@/lib/http/api-route";

/** The audit log, newest first (?cursor=…). */
export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = apiRoute({
  GET: async (request) => {
    await requireOperator(request);
    const page = await auditEntries(cursorParam(new URL(request.url).searchParams.get("cursor")));
    return Response.json({ entries: page.rows, newer: page.newer, older: page.older });
  },
});
