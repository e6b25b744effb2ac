-- AlterTable
ALTER TABLE "coin_ledger_entry" ADD COLUMN     "checkoutSessionId" TEXT;

-- AlterTable
ALTER TABLE "purchase" ADD COLUMN     "refundedCents" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "refundsReadAt" TIMESTAMP(3);

-- CreateIndex
CREATE INDEX "dispute_checkoutSessionId_idx" ON "dispute"("checkoutSessionId");

-- Backfill what the database already knows. Purchase entries name their Checkout Session in
-- sourceId; dispute entries reach theirs through the dispute they hold coins for. Refund entries
-- name only the refund (re_…), whose charge is known only to Stripe, so older ones stay null and
-- read as a refund of no named product. refundedCents starts at 0 for every purchase: the next
-- refund event or reconciliation run on a charge (it re-reads the past week's refunds) fills it in.
UPDATE "coin_ledger_entry" AS l
SET "checkoutSessionId" = p."checkoutSessionId"
FROM "purchase" AS p
WHERE l."reason" = 'purchase' AND p."checkoutSessionId" = l."sourceId" AND p."userId" = l."userId";

UPDATE "coin_ledger_entry" AS l
SET "checkoutSessionId" = d."checkoutSessionId"
FROM "dispute" AS d
WHERE l."reason" IN ('dispute_hold', 'dispute_release') AND d."id" = l."sourceId" AND d."userId" = l."userId";
