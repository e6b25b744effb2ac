import { EVENT_STATUSES } from "@/lib/admin/events/events-api";
import type { EventLogFilter, EventStatus } from "@/lib/admin/events/event-log";
import { cursorParam } from "@/lib/admin/events/keyset";
import { ApiError } from "@/lib/http/api-error";

// The event log's filters as a URL carries them (the page's GET form and GET /api/admin/events):
// ?type=…&outcome=…&q=…&cursor=…, each checked before any query is made. Empty means "any".

const TYPE = /^[a-z_.]{1,100}$/;
const SEARCH = /^[\w.-]{1,255}$/;

export function eventLogFilter(params: URLSearchParams): EventLogFilter {
  const type = params.get("type")?.trim() || undefined;
  const outcome = params.get("outcome")?.trim() || undefined;
  const search = params.get("q")?.trim() || undefined;
  if (type !== undefined && !TYPE.test(type)) throw new ApiError("invalid_request", "type must be a Stripe event type such as checkout.session.completed.");
  if (outcome !== undefined && !(EVENT_STATUSES as readonly string[]).includes(outcome)) {
    throw new ApiError("invalid_request", `outcome must be one of ${EVENT_STATUSES.join(", ")}.`);
  }
  if (search !== undefined && !SEARCH.test(search)) throw new ApiError("invalid_request", "Search by a Stripe id: an evt_ event id, or the id of what it is about (cs_, pi_, sub_, in_ …).");
  return { type, status: outcome as EventStatus | undefined, search, cursor: cursorParam(params.get("cursor")) };
}
