import { actionBody } from "@/lib/admin/audit/submissions";
import { cursorParam } from "@/lib/admin/page-cursor";
import { requireOperator } from "@/lib/admin/operator";
import { reconcileNowRequest } from "@/lib/admin/reconcile/reconcile-api";
import { reconcileNow } from "@/lib/admin/reconcile/reconcile-now";
import { reconcileRuns } from "@/lib/admin/reconcile/runs";
import { apiRoute } from "@/lib/http/api-route";

/** GET: the reconcile runs, newest first (?cursor=…). POST: runs reconcile now, {reason?, submissionId}. */
export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = apiRoute({
  GET: async (request) => {
    await requireOperator(request);
    const page = await reconcileRuns(cursorParam(new URL(request.url).searchParams.get("cursor")));
    return Response.json({ runs: page.rows, newer: page.newer, older: page.older });
  },
  POST: async (request) => {
    const operator = await requireOperator(request);
    const body = await actionBody(request, reconcileNowRequest, {});
    return Response.json(await reconcileNow(operator, request, body));
  },
});
