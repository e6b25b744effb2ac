-- DropIndex
DROP INDEX "purchase_createdAt_id_idx";

-- CreateIndex
CREATE INDEX "purchase_createdAt_id_status_idx" ON "purchase"("createdAt", "id", "status");
