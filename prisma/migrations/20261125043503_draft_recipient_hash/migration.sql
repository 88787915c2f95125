-- AlterTable
ALTER TABLE "Draft" ADD COLUMN "recipientHash" TEXT;

