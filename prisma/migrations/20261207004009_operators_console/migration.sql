-- The one customer column so far held the customers of whichever key the store ran with; every
-- deployment before this one ran test keys. A store that already ran live moves its ids with
-- UPDATE "user" SET "stripeLiveCustomerId" = "stripeTestCustomerId", "stripeTestCustomerId" = NULL.
ALTER TABLE "user" RENAME COLUMN "stripeCustomerId" TO "stripeTestCustomerId";
ALTER INDEX "user_stripeCustomerId_key" RENAME TO "user_stripeTestCustomerId_key";

-- AlterTable
ALTER TABLE "session" ADD COLUMN     "impersonatedBy" TEXT;

-- AlterTable
ALTER TABLE "stripe_event" ADD COLUMN     "attempts" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "claimedAt" TIMESTAMP(3),
ADD COLUMN     "firstSeenAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
ADD COLUMN     "lastError" TEXT;

-- AlterTable
ALTER TABLE "user" ADD COLUMN     "banExpires" TIMESTAMP(3),
ADD COLUMN     "banReason" TEXT,
ADD COLUMN     "banned" BOOLEAN DEFAULT false,
ADD COLUMN     "role" TEXT,
ADD COLUMN     "stripeLiveCustomerId" TEXT;

-- CreateTable
CREATE TABLE "audit_log_entry" (
    "id" TEXT NOT NULL,
    "actorId" TEXT NOT NULL,
    "actorEmail" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "targetType" TEXT NOT NULL,
    "targetId" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "before" JSONB,
    "after" JSONB,
    "requestId" TEXT NOT NULL,
    "submissionId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "audit_log_entry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "reconcile_run" (
    "id" TEXT NOT NULL,
    "trigger" TEXT NOT NULL,
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),
    "checked" INTEGER NOT NULL DEFAULT 0,
    "changed" INTEGER NOT NULL DEFAULT 0,
    "delivered" INTEGER NOT NULL DEFAULT 0,
    "errors" INTEGER NOT NULL DEFAULT 0,
    "drift" JSONB NOT NULL DEFAULT '[]',
    "failures" JSONB NOT NULL DEFAULT '[]',

    CONSTRAINT "reconcile_run_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "audit_log_entry_submissionId_key" ON "audit_log_entry"("submissionId");

-- CreateIndex
CREATE INDEX "audit_log_entry_createdAt_idx" ON "audit_log_entry"("createdAt");

-- CreateIndex
CREATE INDEX "audit_log_entry_targetId_createdAt_idx" ON "audit_log_entry"("targetId", "createdAt");

-- CreateIndex
CREATE INDEX "reconcile_run_startedAt_idx" ON "reconcile_run"("startedAt");

-- CreateIndex
CREATE INDEX "coin_ledger_entry_checkoutSessionId_idx" ON "coin_ledger_entry"("checkoutSessionId");

-- CreateIndex
CREATE INDEX "dispute_status_createdAt_idx" ON "dispute"("status", "createdAt");

-- CreateIndex
CREATE INDEX "dispute_createdAt_idx" ON "dispute"("createdAt");

-- CreateIndex
CREATE INDEX "purchase_createdAt_id_idx" ON "purchase"("createdAt", "id");

-- CreateIndex
CREATE INDEX "purchase_status_createdAt_idx" ON "purchase"("status", "createdAt");

-- CreateIndex
CREATE INDEX "purchase_productKey_createdAt_idx" ON "purchase"("productKey", "createdAt");

-- CreateIndex
CREATE INDEX "purchase_fulfilledAt_idx" ON "purchase"("fulfilledAt");

-- CreateIndex
CREATE INDEX "purchase_subscriptionId_idx" ON "purchase"("subscriptionId");

-- CreateIndex
CREATE INDEX "stripe_event_firstSeenAt_idx" ON "stripe_event"("firstSeenAt");

-- CreateIndex
CREATE INDEX "stripe_event_processedAt_firstSeenAt_idx" ON "stripe_event"("processedAt", "firstSeenAt");

-- CreateIndex
CREATE INDEX "stripe_event_objectId_idx" ON "stripe_event"("objectId");

-- CreateIndex
CREATE INDEX "stripe_event_type_firstSeenAt_idx" ON "stripe_event"("type", "firstSeenAt");


-- CreateIndex
CREATE UNIQUE INDEX "user_stripeLiveCustomerId_key" ON "user"("stripeLiveCustomerId");

-- The audit log is append-only whatever the app does: history cannot be rewritten or erased.
CREATE FUNCTION audit_log_entry_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log_entry is append-only: % refused', TG_OP;
END;
$$;
CREATE TRIGGER audit_log_entry_append_only BEFORE UPDATE OR DELETE ON "audit_log_entry"
  FOR EACH ROW EXECUTE FUNCTION audit_log_entry_append_only();
CREATE TRIGGER audit_log_entry_no_truncate BEFORE TRUNCATE ON "audit_log_entry"
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_entry_append_only();
