import { randomUUID } from "node:crypto";
import { adjustCoinsAsOperator } from "@/lib/admin/buyers/adjust-coins";
import { buyerAuditEntries, buyerLedger, buyerPurchases } from "@/lib/admin/buyers/history";
import { buyerProfile } from "@/lib/admin/buyers/profile";
import { searchBuyers } from "@/lib/admin/buyers/search";
import type { ConsoleQueryCase } from "@/test-support/console-query-cases/case";

// The console's buyers queries, run by lib/admin/console-query-plans.test.ts on a busy year's store.
// Buyer 4245 has twenty purchases; purchase 4245 is a paid subscription (pi_bulk_4245, sub_bulk_4245).
export const buyersCases: ConsoleQueryCase[] = [
  { name: "buyer search by email, in any case", sends: /u\.email = lower\(\$1\)/, work: () => searchBuyers("Bulk-Buyer-4245@Example.com") },
  { name: "buyer search by Stripe customer", sends: /"stripeTestCustomerId" = \$1 OR/, work: () => searchBuyers("cus_bulk_4245") },
  { name: "buyer search by user id", sends: /WHERE u\.id = \$1 ORDER BY/, work: () => searchBuyers("bulk_user_4245") },
  { name: "buyer search by Checkout Session", sends: /"checkoutSessionId" = \$1\)/, work: () => searchBuyers("cs_test_bulk_4245") },
  { name: "buyer search by payment", sends: /"paymentIntentId" = \$1\)/, work: () => searchBuyers("pi_bulk_4245") },
  { name: "buyer search by subscription", sends: /"subscriptionId" = \$1 UNION/, work: () => searchBuyers("sub_bulk_4245") },
  { name: "a buyer's plan, allowance and coins", sends: /FROM "user" u LEFT JOIN plan p/, work: () => buyerProfile("bulk_user_4245") },
  { name: "a buyer's ledger, newest first", sends: /FROM coin_ledger_entry WHERE "userId" = \$1/, work: () => buyerLedger("bulk_user_4245", 1000) },
  { name: "a buyer's purchases, newest first", sends: /FROM purchase WHERE "userId" = \$1 ORDER BY "createdAt" DESC LIMIT \$2/, work: () => buyerPurchases("bulk_user_4245", 1000) },
  { name: "the audit entries about a buyer", sends: /FROM audit_log_entry/, work: () => buyerAuditEntries("bulk_user_4245", 50) },
  {
    name: "a coin adjustment and its audit row",
    sends: /FOR UPDATE/,
    work: () =>
      adjustCoinsAsOperator(
        { id: "bulk_user_1", email: "bulk-buyer-1@example.com" },
        { userId: "bulk_user_4245", delta: 25, reason: "query plan check", submissionId: randomUUID() },
        "req_query_plans",
      ),
  },
];
