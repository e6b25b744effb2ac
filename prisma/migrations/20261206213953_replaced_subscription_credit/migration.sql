-- CreateEnum
CREATE TYPE "CreditRefundStatus" AS ENUM ('pending', 'refunded', 'failed');

-- CreateTable
CREATE TABLE "replaced_subscription_credit" (
    "subscriptionId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "periodStart" TIMESTAMP(3) NOT NULL,
    "amountCents" INTEGER NOT NULL,
    "refundedCents" INTEGER NOT NULL DEFAULT 0,
    "status" "CreditRefundStatus" NOT NULL DEFAULT 'pending',
    "failure" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "replaced_subscription_credit_pkey" PRIMARY KEY ("subscriptionId")
);

-- CreateIndex
CREATE INDEX "replaced_subscription_credit_userId_idx" ON "replaced_subscription_credit"("userId");
