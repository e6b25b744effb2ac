-- AlterTable
ALTER TABLE "purchase" ADD COLUMN     "needsOperator" TEXT;
