-- AlterTable
ALTER TABLE "reconcile_run" ADD COLUMN     "skipped" INTEGER NOT NULL DEFAULT 0;
