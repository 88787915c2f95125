-- CreateTable
CREATE TABLE "OutcomeWatch" (
    "sendId" TEXT NOT NULL PRIMARY KEY,
    "startedAt" DATETIME NOT NULL,
    "deadline" DATETIME NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'WAITING',
    "outcomeId" TEXT,
    "result" TEXT,
    "closedAt" DATETIME
);

-- CreateTable
CREATE TABLE "CallPrep" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "outcomeId" TEXT NOT NULL,
    "visitorId" TEXT,
    "sendId" TEXT,
    "draftId" TEXT,
    "contactId" TEXT,
    "brief" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "dryRun" BOOLEAN NOT NULL,
    "writeMode" TEXT,
    "fields" TEXT NOT NULL DEFAULT '[]',
    "error" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "writtenAt" DATETIME
);

-- CreateIndex
CREATE INDEX "OutcomeWatch_status_deadline_idx" ON "OutcomeWatch"("status", "deadline");

-- CreateIndex
CREATE UNIQUE INDEX "CallPrep_outcomeId_key" ON "CallPrep"("outcomeId");

-- CreateIndex
CREATE INDEX "CallPrep_createdAt_idx" ON "CallPrep"("createdAt");

-- CreateIndex
CREATE INDEX "CallPrep_visitorId_idx" ON "CallPrep"("visitorId");

-- CreateIndex
CREATE INDEX "CallPrep_draftId_idx" ON "CallPrep"("draftId");

