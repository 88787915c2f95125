-- CreateTable
CREATE TABLE "TemplateFlagReview" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "templateId" TEXT NOT NULL,
    "flaggedAt" DATETIME NOT NULL,
    "flagReason" TEXT NOT NULL,
    "reviewedBy" TEXT NOT NULL,
    "note" TEXT,
    "reviewedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "IcpProposal" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "status" TEXT NOT NULL DEFAULT 'PROPOSED',
    "evidence" TEXT NOT NULL,
    "proposed" TEXT NOT NULL,
    "basedOnSends" INTEGER NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "decidedAt" DATETIME,
    "decidedBy" TEXT,
    "note" TEXT
);

-- CreateIndex
CREATE INDEX "TemplateFlagReview_templateId_reviewedAt_idx" ON "TemplateFlagReview"("templateId", "reviewedAt");

-- CreateIndex
CREATE INDEX "IcpProposal_status_createdAt_idx" ON "IcpProposal"("status", "createdAt");

