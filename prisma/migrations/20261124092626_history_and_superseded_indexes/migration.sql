-- CreateIndex
CREATE INDEX "plan_supersededSubscriptionId_idx" ON "plan"("supersededSubscriptionId");

-- CreateIndex
CREATE INDEX "purchase_userId_createdAt_idx" ON "purchase"("userId", "createdAt");
