-- CreateTable
CREATE TABLE "MetricVariantDaily" (
    "day" TEXT NOT NULL,
    "subjectVariantId" TEXT NOT NULL,
    "sent" INTEGER NOT NULL DEFAULT 0,
    "replied" INTEGER NOT NULL DEFAULT 0,
    "positive" INTEGER NOT NULL DEFAULT 0,
    "meetings" INTEGER NOT NULL DEFAULT 0,
    "updatedAt" DATETIME NOT NULL,

    PRIMARY KEY ("day", "subjectVariantId")
);

-- CreateIndex
CREATE INDEX "MetricVariantDaily_subjectVariantId_idx" ON "MetricVariantDaily"("subjectVariantId");

