import type { StripeObject, ListObject } from "../core/types";
import { invalidRequest } from "../http/errors";
import type { Params } from "../http/params";

export const LIST_PARAMS = ["limit", "starting_after", "ending_before"] as const;

/** Cursor pagination over a newest-first array, as stripe-node's auto-pagination expects. */
export function paginate<T extends StripeObject>(items: T[], params: Params, url: string): ListObject<T> {
  const limit = params.int("limit") ?? 10;
  if (limit < 1 || limit > 100) throw invalidRequest("Invalid limit: must be between 1 and 100", { param: "limit", code: "parameter_invalid_integer" });
  const after = params.string("starting_after");
  const before = params.string("ending_before");
  let start = 0;
  let end = items.length;
  if (after !== undefined) start = indexOrThrow(items, after, "starting_after") + 1;
  if (before !== undefined) {
    end = indexOrThrow(items, before, "ending_before");
    start = Math.max(0, end - limit);
  }
  const page = items.slice(start, Math.min(end, start + limit));
  const hasMore = before !== undefined ? start > 0 : start + limit < end;
  return { object: "list", data: page, has_more: hasMore, url };
}

function indexOrThrow(items: StripeObject[], id: string, param: string): number {
  const index = items.findIndex((item) => item.id === id);
  if (index < 0) throw invalidRequest(`No such object: '${id}'`, { param, code: "resource_missing", status: 404 });
  return index;
}

/** Stripe's timestamp list filters (`created`, `canceled_at`, …): a timestamp, or any of `gt`, `gte`, `lt`, `lte`. */
export function rangeFilter(p: Params, key: string): (item: Record<string, unknown>) => boolean {
  if (!p.has(key) || p.isUnset(key)) return () => true;
  const range = p.object(key);
  const valueOf = (item: Record<string, unknown>): number | null => (typeof item[key] === "number" ? item[key] : null);
  if (!range) {
    const exact = p.int(key);
    return (item) => valueOf(item) === exact;
  }
  range.allowOnly(["gt", "gte", "lt", "lte"]);
  const [gt, gte, lt, lte] = [range.int("gt"), range.int("gte"), range.int("lt"), range.int("lte")];
  return (item) => {
    const value = valueOf(item);
    return (
      value !== null &&
      (gt === undefined || value > gt) &&
      (gte === undefined || value >= gte) &&
      (lt === undefined || value < lt) &&
      (lte === undefined || value <= lte)
    );
  };
}

export function createdFilter(p: Params): (item: { created: number }) => boolean {
  const keep = rangeFilter(p, "created");
  return (item) => keep(item);
}
