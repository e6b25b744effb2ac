-- AlterEnum
ALTER TYPE "LedgerReason" ADD VALUE 'refund_reversal';
