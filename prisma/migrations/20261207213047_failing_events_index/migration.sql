-- CreateIndex
CREATE INDEX "stripe_event_failing_firstSeenAt_idx" ON "stripe_event"("firstSeenAt") WHERE ("processedAt" IS NULL AND "lastError" IS NOT NULL);
