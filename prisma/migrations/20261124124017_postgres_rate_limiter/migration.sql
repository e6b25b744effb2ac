-- Counters are short-lived; the old rows have no epoch-ms expiry to carry over, so they start afresh.
DELETE FROM "rate_limit_counter";

-- AlterTable
ALTER TABLE "rate_limit_counter" DROP CONSTRAINT "rate_limit_counter_pkey",
ALTER COLUMN "key" SET DATA TYPE VARCHAR(255),
ALTER COLUMN "points" SET DEFAULT 0,
DROP COLUMN "expire",
ADD COLUMN     "expire" BIGINT,
ADD CONSTRAINT "rate_limit_counter_pkey" PRIMARY KEY ("key");

-- CreateIndex
CREATE INDEX "rate_limit_counter_expire_idx" ON "rate_limit_counter"("expire");
