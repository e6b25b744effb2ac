import { z } from "zod/mini";
import type { PaymentStatus } from "@/lib/generated/prisma/enums";
import type { ProductKey } from "@/lib/catalog/products";
import { purchaseSearchFields, type PurchaseSearchField } from "@/lib/api-contract/admin-purchases-api";
import { decodeCursor, type PageCursor } from "@/lib/admin/page-cursor";

// What the operator typed into the search form (or a script put in the API's query string), turned
// into a search or into the one thing wrong with it. The page and the API read the same fields the
// same way; only how the problem is told differs (a message on the page, a 400 from the API).

/** What the one search box names; its kind is told by its form (Stripe's prefixes, an @). */
export type SearchTerm =
  | { kind: "email"; email: string }
  | { kind: "session"; id: string }
  | { kind: "payment"; id: string }
  | { kind: "subscription"; id: string }
  | { kind: "invoice"; id: string }
  | { kind: "user"; id: string };

export interface PurchaseSearch {
  term: SearchTerm | null;
  status: PaymentStatus | null;
  productKey: ProductKey | null;
  /** The first moment of the `from` day, UTC. */
  from: Date | null;
  /** The first moment after the `to` day, UTC. */
  until: Date | null;
  cursor: PageCursor | null;
}

export type SearchProblem = "query" | "status" | "product" | "from" | "to" | "range" | "cursor" | "repeated";

type ParsedSearch = { ok: true; search: PurchaseSearch } | { ok: false; problem: SearchProblem };

/** What the API says for each problem; the page says it in the operator's language. */
export const searchProblemMessages: Record<SearchProblem, string> = {
  query: "Search by an email, a Checkout Session (cs_), payment (pi_), subscription (sub_) or invoice (in_) id, or a user id.",
  status: "status must be one of: paid, unpaid, processing, expired, failed, canceled, no_payment_required.",
  product: "product must be a catalog product key.",
  from: "from must be a day, written YYYY-MM-DD.",
  to: "to must be a day, written YYYY-MM-DD.",
  range: "from must not be after to.",
  cursor: "That page cursor is not one this console made; start again from the first page.",
  repeated: "Give each search field at most once.",
};

const STRIPE_PREFIXES = [
  ["cs_", "session"],
  ["pi_", "payment"],
  ["sub_", "subscription"],
  ["in_", "invoice"],
] as const;

function termOf(text: string): SearchTerm | null | "invalid" {
  const q = text.trim();
  if (q === "") return null;
  if (/\s/.test(q)) return "invalid";
  // better-auth stores emails lower-cased, so a lower-cased email finds the row through its unique index.
  if (q.includes("@")) return /^[^@]+@[^@]+$/.test(q) ? { kind: "email", email: q.toLowerCase() } : "invalid";
  for (const [prefix, kind] of STRIPE_PREFIXES) {
    if (q.startsWith(prefix)) return /^[A-Za-z0-9_]{4,250}$/.test(q) ? { kind, id: q } : "invalid";
  }
  return /^[A-Za-z0-9_-]{1,100}$/.test(q) ? { kind: "user", id: q } : "invalid";
}

/** A Checkout Session id's form (the timeline's address): what else is asked for is bad input, not an unknown purchase. */
export function isCheckoutSessionId(text: string): boolean {
  return /^cs_[A-Za-z0-9_]{4,250}$/.test(text);
}

function dayStart(text: string): Date | null {
  const [year, month, day] = text.split("-").map(Number);
  if (year === undefined || month === undefined || day === undefined || year < 2000) return null;
  const date = new Date(Date.UTC(year, month - 1, day));
  // Date.UTC rolls 2026-02-31 over into March: only a real day reads back as itself.
  return date.toISOString().startsWith(text) ? date : null;
}

const DAY_MS = 86_400_000;

const problemOfField: Record<PurchaseSearchField, SearchProblem> = { q: "query", status: "status", product: "product", from: "from", to: "to", cursor: "cursor" };

const searchFields = z.partial(z.object(purchaseSearchFields));

/** The search the fields ask for; an empty field means "any". */
export function parsePurchaseSearch(params: URLSearchParams): ParsedSearch {
  const present: Record<string, string> = {};
  for (const field of Object.keys(purchaseSearchFields)) {
    const values = params.getAll(field).map((value) => value.trim());
    if (values.length > 1) return { ok: false, problem: "repeated" };
    if (values[0]) present[field] = values[0];
  }
  const checked = searchFields.safeParse(present);
  if (!checked.success) {
    const field = checked.error.issues[0]?.path[0];
    return { ok: false, problem: typeof field === "string" && Object.hasOwn(problemOfField, field) ? problemOfField[field as PurchaseSearchField] : "query" };
  }
  const given = checked.data;

  const term = termOf(given.q ?? "");
  if (term === "invalid") return { ok: false, problem: "query" };
  const from = given.from === undefined ? null : dayStart(given.from);
  if (given.from !== undefined && !from) return { ok: false, problem: "from" };
  const to = given.to === undefined ? null : dayStart(given.to);
  if (given.to !== undefined && !to) return { ok: false, problem: "to" };
  if (from && to && from > to) return { ok: false, problem: "range" };
  const cursor = given.cursor === undefined ? null : decodeCursor(given.cursor);
  if (given.cursor !== undefined && !cursor) return { ok: false, problem: "cursor" };

  return {
    ok: true,
    search: {
      term,
      status: given.status ?? null,
      productKey: given.product ?? null,
      from,
      until: to && new Date(to.getTime() + DAY_MS),
      cursor,
    },
  };
}
