import { MAX_LIST } from "@/lib/admin/buyers/history";

// How many entries of each list a buyer's page shows: the address says (?ledger=100), so "show
// more" is a plain link; anything else there is read as the default.

export const LISTS = ["purchases", "ledger", "audit"] as const;
export type BuyerList = (typeof LISTS)[number];

const FIRST = 20;

export type ListLimits = Record<BuyerList, number>;

export function listLimits(params: Record<string, string | string[] | undefined>): ListLimits {
  const limitOf = (list: BuyerList) => {
    const given = params[list];
    const text = typeof given === "string" ? given : "";
    const value = /^\d{1,4}$/.test(text) ? Number(text) : FIRST;
    return value >= 1 && value <= MAX_LIST ? value : FIRST;
  };
  return { purchases: limitOf("purchases"), ledger: limitOf("ledger"), audit: limitOf("audit") };
}

/** The page's address with one list shown longer (doubled, up to MAX_LIST). */
export function showMoreHref(userId: string, limits: ListLimits, list: BuyerList): string {
  const query = new URLSearchParams();
  for (const each of LISTS) {
    const value = each === list ? Math.min(limits[each] * 2, MAX_LIST) : limits[each];
    if (value !== FIRST) query.set(each, String(value));
  }
  return `/admin/buyers/${encodeURIComponent(userId)}?${query.toString()}`;
}
