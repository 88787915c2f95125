-- CreateTable
CREATE TABLE "MetricDaily" (
    "day" TEXT NOT NULL PRIMARY KEY,
    "visitors" INTEGER NOT NULL DEFAULT 0,
    "visitorsEnriched" INTEGER NOT NULL DEFAULT 0,
    "drafts" INTEGER NOT NULL DEFAULT 0,
    "sent" INTEGER NOT NULL DEFAULT 0,
    "sendErrors" INTEGER NOT NULL DEFAULT 0,
    "bounces" INTEGER NOT NULL DEFAULT 0,
    "complaints" INTEGER NOT NULL DEFAULT 0,
    "opens" INTEGER NOT NULL DEFAULT 0,
    "replies" INTEGER NOT NULL DEFAULT 0,
    "positiveReplies" INTEGER NOT NULL DEFAULT 0,
    "meetings" INTEGER NOT NULL DEFAULT 0,
    "pipelineValue" REAL NOT NULL DEFAULT 0,
    "reviews" INTEGER NOT NULL DEFAULT 0,
    "overrides" INTEGER NOT NULL DEFAULT 0,
    "qualityRatings" INTEGER NOT NULL DEFAULT 0,
    "qualityScoreSum" REAL NOT NULL DEFAULT 0,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "EmailRating" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "draftId" TEXT NOT NULL,
    "reviewerId" TEXT NOT NULL,
    "personalisation" INTEGER NOT NULL,
    "subject" INTEGER NOT NULL,
    "valueProposition" INTEGER NOT NULL,
    "cta" INTEGER NOT NULL,
    "tone" INTEGER NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateIndex
CREATE INDEX "EmailRating_createdAt_idx" ON "EmailRating"("createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "EmailRating_draftId_reviewerId_key" ON "EmailRating"("draftId", "reviewerId");

-- CreateIndex
CREATE INDEX "Draft_createdAt_idx" ON "Draft"("createdAt");

