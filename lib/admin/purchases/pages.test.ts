import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { encodeCursor } from "@/lib/admin/page-cursor";
import { parsePurchaseSearch, type SearchProblem } from "@/lib/admin/purchases/search-input";
import { PAGE_SIZE, searchPurchases, type PurchasePage } from "@/lib/admin/purchases/search";
import { signUpBuyer } from "@/test-support/buyers";

// Paging through every purchase of the store (this file's database holds only these): each row
// once, in order, across pages that begin at a cursor, even where many rows share one createdAt.

const TOTAL = 2 * PAGE_SIZE + 20;
/** In the list's order: newest first, then by id, descending. */
let expected: string[];

beforeAll(async () => {
  const buyers = [await signUpBuyer(), await signUpBuyer()];
  const base = Date.parse("2026-03-01T00:00:00Z");
  // Forty rows made in one millisecond straddle the first page's end (the 21st to the 60th newest);
  // the rest are a second apart.
  const rows = Array.from({ length: TOTAL }, (_, n) => ({
    id: `purchase-${String(n).padStart(3, "0")}-${n % 3}`,
    checkoutSessionId: `cs_test_page_${n}`,
    userId: buyers[n % 2]?.id ?? "",
    productKey: "small_pack",
    mode: "payment" as const,
    amountCents: 200,
    currency: "usd",
    status: "paid" as const,
    expiresAt: new Date(base + 86_400_000),
    createdAt: new Date(n >= 60 && n < 100 ? base + 59_500 : base + n * 1000),
  }));
  await db.purchase.createMany({ data: rows });
  expected = [...rows]
    .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? 1 : -1))
    .map((row) => row.checkoutSessionId);
});

async function page(cursor: string | null): Promise<PurchasePage> {
  const parsed = parsePurchaseSearch(new URLSearchParams(cursor ? { cursor } : {}));
  if (!parsed.ok) throw new Error(`refused: ${parsed.problem}`);
  return searchPurchases(parsed.search);
}

const sessions = (shown: PurchasePage) => shown.purchases.map((purchase) => purchase.checkoutSessionId);

describe("paging through every purchase", () => {
  it("visits every purchase exactly once, newest first, 50 to a page, with no way past either end", async () => {
    const pages: PurchasePage[] = [await page(null)];
    while (pages.at(-1)?.older) pages.push(await page(pages.at(-1)?.older ?? null));

    expect(pages.map((shown) => shown.purchases.length)).toEqual([PAGE_SIZE, PAGE_SIZE, 20]);
    expect(pages[0]?.purchases.at(-1)?.createdAt).toBe(pages[1]?.purchases[0]?.createdAt);
    expect(pages.flatMap(sessions)).toEqual(expected);
    expect(pages[0]?.newer).toBeNull();
    expect(pages.at(-1)?.older).toBeNull();
  });

  it("walks back from the last page to the first through the same pages", async () => {
    const first = await page(null);
    const second = await page(first.older);
    const last = await page(second.older);

    const backToSecond = await page(last.newer);
    expect(sessions(backToSecond)).toEqual(sessions(second));
    const backToFirst = await page(backToSecond.newer);
    expect(sessions(backToFirst)).toEqual(sessions(first));
    expect(backToFirst.newer).toBeNull();
    expect(backToFirst.older).not.toBeNull();
  });
});

describe("what the search form may be sent", () => {
  function problemOf(fields: Record<string, string> | URLSearchParams): SearchProblem | null {
    const parsed = parsePurchaseSearch(new URLSearchParams(fields));
    return parsed.ok ? null : parsed.problem;
  }

  it("refuses a garbled, truncated or hand-made cursor with a clear problem instead of reading from it", () => {
    const real = encodeCursor({ direction: "older", at: new Date("2026-03-01T00:00:00Z"), id: "purchase-001-1" });
    expect(problemOf({ cursor: real })).toBeNull();
    for (const cursor of [
      "not a cursor",
      "garbage",
      real.slice(0, -3),
      `${real}x`,
      Buffer.from("o.12.purchase'; DROP TABLE purchase;--").toString("base64url"),
      Buffer.from(JSON.stringify({ createdAt: "2026-03-01", id: "x" })).toString("base64url"),
      "x".repeat(500),
    ]) {
      expect(problemOf({ cursor }), cursor).toBe("cursor");
    }
  });

  it("names what is wrong with any other field, so nothing is searched on a guess", () => {
    expect(problemOf({ q: "two words" })).toBe("query");
    expect(problemOf({ q: "@@" })).toBe("query");
    expect(problemOf({ q: "cs_" })).toBe("query");
    expect(problemOf({ q: "x".repeat(300) })).toBe("query");
    expect(problemOf({ status: "refunded" })).toBe("status");
    expect(problemOf({ product: "huge_pack" })).toBe("product");
    expect(problemOf({ from: "2026-02-31" })).toBe("from");
    expect(problemOf({ to: "yesterday" })).toBe("to");
    expect(problemOf({ from: "2026-05-02", to: "2026-05-01" })).toBe("range");
    expect(problemOf(new URLSearchParams([["status", "paid"], ["status", "failed"]]))).toBe("repeated");
    expect(problemOf({ from: "2026-05-01", to: "2026-05-01", status: "no_payment_required", product: "lifetime", q: "cs_test_ok" })).toBeNull();
  });
});
