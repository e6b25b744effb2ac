-- AlterTable
ALTER TABLE "plan" ADD COLUMN     "cancelAtPeriodEnd" BOOLEAN NOT NULL DEFAULT false;
