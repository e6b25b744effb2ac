-- CreateTable
CREATE TABLE "store_alert" (
    "condition" TEXT NOT NULL,
    "summary" TEXT NOT NULL,
    "firingSince" TIMESTAMP(3) NOT NULL,
    "lastNotifiedAt" TIMESTAMP(3),
    "resolvedAt" TIMESTAMP(3),
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "store_alert_pkey" PRIMARY KEY ("condition")
);

-- CreateIndex
CREATE INDEX "store_alert_resolvedAt_idx" ON "store_alert"("resolvedAt");
