-- AlterTable
ALTER TABLE "Draft" ADD COLUMN "originKey" TEXT;

-- AlterTable
ALTER TABLE "EnrichmentRequest" ADD COLUMN "originKey" TEXT;
ALTER TABLE "EnrichmentRequest" ADD COLUMN "pushedAt" DATETIME;
ALTER TABLE "EnrichmentRequest" ADD COLUMN "settledAt" DATETIME;

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_BackfillRun" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "trigger" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'RUNNING',
    "total" INTEGER NOT NULL DEFAULT 0,
    "processed" INTEGER NOT NULL DEFAULT 0,
    "succeeded" INTEGER NOT NULL DEFAULT 0,
    "failed" INTEGER NOT NULL DEFAULT 0,
    "note" TEXT,
    "visitorIds" TEXT NOT NULL DEFAULT '[]',
    "originKey" TEXT,
    "startedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" DATETIME,
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_BackfillRun" ("failed", "finishedAt", "id", "note", "processed", "startedAt", "status", "succeeded", "total", "trigger", "updatedAt") SELECT "failed", "finishedAt", "id", "note", "processed", "startedAt", "status", "succeeded", "total", "trigger", "updatedAt" FROM "BackfillRun";
DROP TABLE "BackfillRun";
ALTER TABLE "new_BackfillRun" RENAME TO "BackfillRun";
CREATE UNIQUE INDEX "BackfillRun_originKey_key" ON "BackfillRun"("originKey");
CREATE INDEX "BackfillRun_startedAt_idx" ON "BackfillRun"("startedAt");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE UNIQUE INDEX "Draft_originKey_key" ON "Draft"("originKey");

-- CreateIndex
CREATE UNIQUE INDEX "EnrichmentRequest_originKey_key" ON "EnrichmentRequest"("originKey");

