-- AlterTable
ALTER TABLE "EnrichmentRequest" ADD COLUMN "backfillRunId" TEXT;

-- CreateTable
CREATE TABLE "BackfillRun" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "trigger" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'RUNNING',
    "total" INTEGER NOT NULL DEFAULT 0,
    "processed" INTEGER NOT NULL DEFAULT 0,
    "succeeded" INTEGER NOT NULL DEFAULT 0,
    "failed" INTEGER NOT NULL DEFAULT 0,
    "note" TEXT,
    "startedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" DATETIME,
    "updatedAt" DATETIME NOT NULL
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_CircuitBreaker" (
    "service" TEXT NOT NULL PRIMARY KEY,
    "state" TEXT NOT NULL DEFAULT 'CLOSED',
    "failures" INTEGER NOT NULL DEFAULT 0,
    "openedAt" DATETIME,
    "openUntil" DATETIME,
    "halfOpenTrials" INTEGER NOT NULL DEFAULT 0,
    "lastSuccessAt" DATETIME,
    "lastFailureAt" DATETIME,
    "lastError" TEXT,
    "version" INTEGER NOT NULL DEFAULT 0,
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_CircuitBreaker" ("failures", "halfOpenTrials", "lastError", "lastFailureAt", "lastSuccessAt", "openUntil", "openedAt", "service", "state", "updatedAt") SELECT "failures", "halfOpenTrials", "lastError", "lastFailureAt", "lastSuccessAt", "openUntil", "openedAt", "service", "state", "updatedAt" FROM "CircuitBreaker";
DROP TABLE "CircuitBreaker";
ALTER TABLE "new_CircuitBreaker" RENAME TO "CircuitBreaker";
CREATE TABLE "new_Visitor" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "identityKey" TEXT NOT NULL,
    "isCompanyOnly" BOOLEAN NOT NULL DEFAULT false,
    "email" TEXT,
    "firstName" TEXT,
    "lastName" TEXT,
    "title" TEXT,
    "linkedinUrl" TEXT,
    "companyName" TEXT,
    "companyDomain" TEXT,
    "website" TEXT,
    "industry" TEXT,
    "employeeCountMin" INTEGER,
    "employeeCountMax" INTEGER,
    "revenueEstimate" TEXT,
    "city" TEXT,
    "state" TEXT,
    "zipcode" TEXT,
    "tags" TEXT NOT NULL DEFAULT '[]',
    "firstSeenAt" DATETIME NOT NULL,
    "lastSeenAt" DATETIME NOT NULL,
    "visitCount" INTEGER NOT NULL DEFAULT 0,
    "score" INTEGER,
    "tier" TEXT,
    "warm" BOOLEAN NOT NULL DEFAULT false,
    "scoreBreakdown" TEXT NOT NULL DEFAULT '[]',
    "enrichmentStatus" TEXT NOT NULL DEFAULT 'NONE',
    "needsBackfill" BOOLEAN NOT NULL DEFAULT false,
    "enrichmentAttempts" INTEGER NOT NULL DEFAULT 0,
    "lastEnrichedAt" DATETIME,
    "erasedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_Visitor" ("city", "companyDomain", "companyName", "createdAt", "email", "employeeCountMax", "employeeCountMin", "enrichmentStatus", "erasedAt", "firstName", "firstSeenAt", "id", "identityKey", "industry", "isCompanyOnly", "lastName", "lastSeenAt", "linkedinUrl", "needsBackfill", "revenueEstimate", "score", "scoreBreakdown", "state", "tags", "tier", "title", "updatedAt", "visitCount", "warm", "website", "zipcode") SELECT "city", "companyDomain", "companyName", "createdAt", "email", "employeeCountMax", "employeeCountMin", "enrichmentStatus", "erasedAt", "firstName", "firstSeenAt", "id", "identityKey", "industry", "isCompanyOnly", "lastName", "lastSeenAt", "linkedinUrl", "needsBackfill", "revenueEstimate", "score", "scoreBreakdown", "state", "tags", "tier", "title", "updatedAt", "visitCount", "warm", "website", "zipcode" FROM "Visitor";
DROP TABLE "Visitor";
ALTER TABLE "new_Visitor" RENAME TO "Visitor";
CREATE UNIQUE INDEX "Visitor_identityKey_key" ON "Visitor"("identityKey");
CREATE INDEX "Visitor_createdAt_idx" ON "Visitor"("createdAt");
CREATE INDEX "Visitor_tier_createdAt_idx" ON "Visitor"("tier", "createdAt");
CREATE INDEX "Visitor_needsBackfill_idx" ON "Visitor"("needsBackfill");
CREATE INDEX "Visitor_companyDomain_idx" ON "Visitor"("companyDomain");
CREATE TABLE "new_WebhookDelivery" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "source" TEXT NOT NULL,
    "dedupeKey" TEXT NOT NULL,
    "payload" TEXT NOT NULL,
    "receivedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "visitorId" TEXT,
    "emittedAt" DATETIME,
    "emitAttempts" INTEGER NOT NULL DEFAULT 0,
    CONSTRAINT "WebhookDelivery_visitorId_fkey" FOREIGN KEY ("visitorId") REFERENCES "Visitor" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_WebhookDelivery" ("dedupeKey", "id", "payload", "receivedAt", "source", "visitorId") SELECT "dedupeKey", "id", "payload", "receivedAt", "source", "visitorId" FROM "WebhookDelivery";
DROP TABLE "WebhookDelivery";
ALTER TABLE "new_WebhookDelivery" RENAME TO "WebhookDelivery";
CREATE INDEX "WebhookDelivery_source_receivedAt_idx" ON "WebhookDelivery"("source", "receivedAt");
CREATE INDEX "WebhookDelivery_source_emittedAt_idx" ON "WebhookDelivery"("source", "emittedAt");
CREATE UNIQUE INDEX "WebhookDelivery_source_dedupeKey_key" ON "WebhookDelivery"("source", "dedupeKey");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "BackfillRun_startedAt_idx" ON "BackfillRun"("startedAt");

