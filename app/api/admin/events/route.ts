import { requireOperator } from "@/lib/admin/operator";
import { eventJson, eventLog } from "@/lib/admin/events/event-log";
import { eventLogFilter } from "@/lib/admin/events/log-query";
import { apiRoute } from "@/lib/http/api-route";

/** The log of Stripe events received, newest first: ?type=…&outcome=…&q=…&cursor=… */
export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = apiRoute({
  GET: async (request) => {
    await requireOperator(request);
    const page = await eventLog(eventLogFilter(new URL(request.url).searchParams));
    return Response.json({ events: page.rows.map(eventJson), newer: page.newer, older: page.older });
  },
});
