-- CreateEnum
CREATE TYPE "CheckoutSessionStatus" AS ENUM ('open', 'complete', 'expired');

-- AlterTable
ALTER TABLE "purchase" ADD COLUMN     "sessionStatus" "CheckoutSessionStatus",
ADD COLUMN     "stripeReadAt" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "checkout_lease" (
    "userId" TEXT NOT NULL,
    "holder" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "checkout_lease_pkey" PRIMARY KEY ("userId")
);

-- CreateIndex
CREATE INDEX "plan_sourceId_idx" ON "plan"("sourceId");

-- CreateIndex
CREATE INDEX "purchase_status_expiresAt_idx" ON "purchase"("status", "expiresAt");

-- AddForeignKey
ALTER TABLE "checkout_lease" ADD CONSTRAINT "checkout_lease_userId_fkey" FOREIGN KEY ("userId") REFERENCES "user"("id") ON DELETE CASCADE ON UPDATE CASCADE;
