import { encodeCursor } from "@/lib/admin/page-cursor";
import { parsePurchaseSearch } from "@/lib/admin/purchases/search-input";
import { searchPurchases } from "@/lib/admin/purchases/search";
import { purchaseTimeline } from "@/lib/admin/purchases/timeline";
import type { ConsoleQueryCase } from "@/test-support/console-query-cases/case";

// The console's purchases queries, run by lib/admin/console-query-plans.test.ts on a busy year's store.

function search(fields: Record<string, string>): () => Promise<unknown> {
  return () => {
    const parsed = parsePurchaseSearch(new URLSearchParams(fields));
    if (!parsed.ok) throw new Error(`the case's search is refused: ${parsed.problem}`);
    return searchPurchases(parsed.search);
  };
}

/** Half a year back: a page deep in the list, where an offset would have read 50,000 rows first. */
const deep = (direction: "older" | "newer") => encodeCursor({ direction, at: new Date(Date.now() - 182 * 86_400_000), id: "bulk_purchase_50000" });
const LIST = /FROM purchase p JOIN "user" u/;
const sinceDay = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);

export const purchasesCases: ConsoleQueryCase[] = [
  { name: "purchases: the first page of every purchase", sends: LIST, work: search({}) },
  { name: "purchases: a page half a year back, older", sends: LIST, work: search({ cursor: deep("older") }) },
  { name: "purchases: a page half a year back, newer", sends: LIST, work: search({ cursor: deep("newer") }) },
  { name: "purchases: a buyer's by email", sends: /WHERE email = \$1/, work: search({ q: "Bulk-Buyer-42@example.com" }) },
  { name: "purchases: by Checkout Session id", sends: /"checkoutSessionId" = \$1/, work: search({ q: "cs_test_bulk_4242" }) },
  { name: "purchases: by payment id", sends: /"paymentIntentId" = \$1/, work: search({ q: "pi_bulk_4240" }) },
  { name: "purchases: by subscription id", sends: /"subscriptionId" = \$1/, work: search({ q: "sub_bulk_4245" }) },
  { name: "purchases: a buyer's by user id, a page back", sends: /p."userId" = \$1/, work: search({ q: "bulk_user_42", cursor: deep("older") }) },
  { name: "purchases: by outcome", sends: /p.status = \$1/, work: search({ status: "processing" }) },
  { name: "purchases: by outcome, a page back", sends: /p.status = \$1/, work: search({ status: "failed", cursor: deep("older") }) },
  { name: "purchases: by product", sends: /p."productKey" = \$1/, work: search({ product: "large_pack" }) },
  { name: "purchases: by product, a page back", sends: /p."productKey" = \$1/, work: search({ product: "large_pack", cursor: deep("newer") }) },
  { name: "purchases: a week's days", sends: /p."createdAt" >= \$1 AND p."createdAt" < \$2/, work: search({ from: sinceDay(7), to: sinceDay(0) }) },
  {
    name: "purchases: outcome, product and days together, a page back",
    sends: /p.status = \$1::"PaymentStatus" AND p."productKey" = \$2/,
    work: search({ status: "paid", product: "small_pack", from: sinceDay(300), to: sinceDay(10), cursor: deep("older") }),
  },
  { name: "purchases: a pack's timeline", sends: /stripe_event/, work: () => purchaseTimeline("cs_test_bulk_4242") },
  { name: "purchases: a disputed subscription's timeline", sends: /dispute/, work: () => purchaseTimeline("cs_test_bulk_500") },
];
