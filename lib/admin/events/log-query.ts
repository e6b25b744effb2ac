import { EVENT_STATUSES } from "@/lib/admin/events/events-api";
import type { EventLogFilter, EventStatus } from "@/lib/admin/events/event-log";
import { cursorParam } from "@/lib/admin/page-cursor";
import { ApiError } from "@/lib/http/api-error";

// The event log's filters as a URL carries them (the page's GET form and GET /api/admin/events):
// ?type=…&outcome=…&q=…&cursor=…, each checked before any query is made. Empty means "any".

const TYPE = /^[a-z_.]{1,100}$/;
const SEARCH = /^[\w.-]{1,255}$/;

export type LogQueryProblem = "type" | "outcome" | "search" | "cursor";

const MESSAGES: Record<Exclude<LogQueryProblem, "cursor">, string> = {
  type: "type must be a Stripe event type such as checkout.session.completed.",
  outcome: `outcome must be one of ${EVENT_STATUSES.join(", ")}.`,
  search: "Search by a Stripe id: an evt_ event id, or the id of what it is about (cs_, pi_, sub_, in_ …).",
};

export type ParsedLogQuery = { ok: true; filter: EventLogFilter } | { ok: false; problem: LogQueryProblem; message: string };

export function parseLogQuery(params: URLSearchParams): ParsedLogQuery {
  const type = params.get("type")?.trim() || undefined;
  const outcome = params.get("outcome")?.trim() || undefined;
  const search = params.get("q")?.trim() || undefined;
  const problem = (which: Exclude<LogQueryProblem, "cursor">): ParsedLogQuery => ({ ok: false, problem: which, message: MESSAGES[which] });
  if (type !== undefined && !TYPE.test(type)) return problem("type");
  if (outcome !== undefined && !(EVENT_STATUSES as readonly string[]).includes(outcome)) return problem("outcome");
  if (search !== undefined && !SEARCH.test(search)) return problem("search");
  try {
    return { ok: true, filter: { type, status: outcome as EventStatus | undefined, search, cursor: cursorParam(params.get("cursor")) } };
  } catch (error) {
    if (error instanceof ApiError) return { ok: false, problem: "cursor", message: error.message };
    throw error;
  }
}

/** The filter, or the 400 that names what is wrong with it. */
export function eventLogFilter(params: URLSearchParams): EventLogFilter {
  const parsed = parseLogQuery(params);
  if (!parsed.ok) throw new ApiError("invalid_request", parsed.message);
  return parsed.filter;
}
