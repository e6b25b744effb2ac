-- CreateEnum
CREATE TYPE "LifetimeCreditStatus" AS ENUM ('pending', 'refunded', 'failed');

-- CreateTable
CREATE TABLE "lifetime_credit" (
    "subscriptionId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "periodStart" TIMESTAMP(3) NOT NULL,
    "amountCents" INTEGER NOT NULL,
    "refundedCents" INTEGER NOT NULL DEFAULT 0,
    "status" "LifetimeCreditStatus" NOT NULL DEFAULT 'pending',
    "failure" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "lifetime_credit_pkey" PRIMARY KEY ("subscriptionId")
);

-- CreateIndex
CREATE INDEX "lifetime_credit_userId_idx" ON "lifetime_credit"("userId");
