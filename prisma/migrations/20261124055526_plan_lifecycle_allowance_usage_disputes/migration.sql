-- CreateEnum
CREATE TYPE "SubscriptionStatus" AS ENUM ('active', 'trialing', 'past_due', 'unpaid', 'canceled', 'incomplete', 'incomplete_expired', 'paused');

-- CreateEnum
CREATE TYPE "UsageSource" AS ENUM ('allowance', 'coins');

-- AlterEnum
-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.


ALTER TYPE "LedgerReason" ADD VALUE 'dispute_hold';
ALTER TYPE "LedgerReason" ADD VALUE 'dispute_release';
ALTER TYPE "LedgerReason" ADD VALUE 'generation';

-- AlterTable
ALTER TABLE "plan" ADD COLUMN     "allowanceInvoiceId" TEXT,
ADD COLUMN     "allowanceResetsAt" TIMESTAMP(3),
ADD COLUMN     "allowanceUsed" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "scheduledTier" "PlanTier",
ADD COLUMN     "subscriptionStatus" "SubscriptionStatus",
ADD COLUMN     "supersededSubscriptionId" TEXT;

-- AlterTable
ALTER TABLE "user" ADD COLUMN     "heldCoins" INTEGER NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "subscription_state" (
    "id" TEXT NOT NULL,
    "status" "SubscriptionStatus" NOT NULL,
    "currentPeriodEnd" TIMESTAMP(3),
    "cancelAtPeriodEnd" BOOLEAN NOT NULL,
    "tier" "PlanTier",
    "stripeReadAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "subscription_state_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "dispute" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "checkoutSessionId" TEXT NOT NULL,
    "coinsHeld" INTEGER NOT NULL DEFAULT 0,
    "status" TEXT NOT NULL,
    "closedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "dispute_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "usage_spend" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "idempotencyKey" TEXT NOT NULL,
    "feature" TEXT NOT NULL,
    "source" "UsageSource" NOT NULL,
    "coins" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "usage_spend_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "dispute_userId_idx" ON "dispute"("userId");

-- CreateIndex
CREATE UNIQUE INDEX "usage_spend_userId_idempotencyKey_key" ON "usage_spend"("userId", "idempotencyKey");

-- AddForeignKey
ALTER TABLE "usage_spend" ADD CONSTRAINT "usage_spend_userId_fkey" FOREIGN KEY ("userId") REFERENCES "user"("id") ON DELETE CASCADE ON UPDATE CASCADE;
