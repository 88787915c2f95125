-- AlterTable
ALTER TABLE "Send" ADD COLUMN "senderDomain" TEXT;

-- CreateIndex
CREATE INDEX "Send_senderDomain_sentAt_idx" ON "Send"("senderDomain", "sentAt");

