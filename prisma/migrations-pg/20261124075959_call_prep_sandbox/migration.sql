-- CreateTable
CREATE TABLE "Alert" (
    "id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "severity" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "link" TEXT NOT NULL,
    "buttons" TEXT NOT NULL DEFAULT '[]',
    "dedupeKey" TEXT NOT NULL,
    "subjectType" TEXT,
    "subjectId" TEXT,
    "status" TEXT NOT NULL DEFAULT 'QUEUED',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastError" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "deliveredAt" TIMESTAMP(3),

    CONSTRAINT "Alert_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AlertPacer" (
    "id" TEXT NOT NULL,
    "nextAt" TIMESTAMP(3) NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "AlertPacer_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MonitorIncident" (
    "id" TEXT NOT NULL,
    "monitor" TEXT NOT NULL,
    "scope" TEXT NOT NULL DEFAULT '',
    "status" TEXT NOT NULL DEFAULT 'OPEN',
    "openKey" TEXT,
    "value" DOUBLE PRECISION,
    "detail" TEXT NOT NULL DEFAULT '{}',
    "reason" TEXT NOT NULL,
    "openedAt" TIMESTAMP(3) NOT NULL,
    "resolvedAt" TIMESTAMP(3),
    "resolvedBy" TEXT,

    CONSTRAINT "MonitorIncident_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Digest" (
    "id" TEXT NOT NULL,
    "weekKey" TEXT NOT NULL,
    "periodStart" TIMESTAMP(3) NOT NULL,
    "periodEnd" TIMESTAMP(3) NOT NULL,
    "data" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Digest_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "UsedActionToken" (
    "jti" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "usedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "usedBy" TEXT NOT NULL,

    CONSTRAINT "UsedActionToken_pkey" PRIMARY KEY ("jti")
);

-- CreateTable
CREATE TABLE "TemplateFlagReview" (
    "id" TEXT NOT NULL,
    "templateId" TEXT NOT NULL,
    "flaggedAt" TIMESTAMP(3) NOT NULL,
    "flagReason" TEXT NOT NULL,
    "reviewedBy" TEXT NOT NULL,
    "note" TEXT,
    "reviewedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "TemplateFlagReview_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "IcpProposal" (
    "id" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'PROPOSED',
    "evidence" TEXT NOT NULL,
    "proposed" TEXT NOT NULL,
    "basedOnSends" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "decidedAt" TIMESTAMP(3),
    "decidedBy" TEXT,
    "note" TEXT,

    CONSTRAINT "IcpProposal_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OutcomeWatch" (
    "sendId" TEXT NOT NULL,
    "startedAt" TIMESTAMP(3) NOT NULL,
    "deadline" TIMESTAMP(3) NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'WAITING',
    "outcomeId" TEXT,
    "result" TEXT,
    "closedAt" TIMESTAMP(3),

    CONSTRAINT "OutcomeWatch_pkey" PRIMARY KEY ("sendId")
);

-- CreateTable
CREATE TABLE "CallPrep" (
    "id" TEXT NOT NULL,
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
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "writtenAt" TIMESTAMP(3),

    CONSTRAINT "CallPrep_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SandboxCrmWrite" (
    "id" TEXT NOT NULL,
    "contactId" TEXT NOT NULL,
    "fields" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SandboxCrmWrite_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Alert_dedupeKey_key" ON "Alert"("dedupeKey");

-- CreateIndex
CREATE INDEX "Alert_status_nextAttemptAt_idx" ON "Alert"("status", "nextAttemptAt");

-- CreateIndex
CREATE INDEX "Alert_createdAt_idx" ON "Alert"("createdAt");

-- CreateIndex
CREATE INDEX "Alert_subjectType_subjectId_idx" ON "Alert"("subjectType", "subjectId");

-- CreateIndex
CREATE UNIQUE INDEX "MonitorIncident_openKey_key" ON "MonitorIncident"("openKey");

-- CreateIndex
CREATE INDEX "MonitorIncident_monitor_scope_resolvedAt_idx" ON "MonitorIncident"("monitor", "scope", "resolvedAt");

-- CreateIndex
CREATE INDEX "MonitorIncident_openedAt_idx" ON "MonitorIncident"("openedAt");

-- CreateIndex
CREATE UNIQUE INDEX "Digest_weekKey_key" ON "Digest"("weekKey");

-- CreateIndex
CREATE INDEX "TemplateFlagReview_templateId_reviewedAt_idx" ON "TemplateFlagReview"("templateId", "reviewedAt");

-- CreateIndex
CREATE INDEX "IcpProposal_status_createdAt_idx" ON "IcpProposal"("status", "createdAt");

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

-- CreateIndex
CREATE INDEX "SandboxCrmWrite_contactId_idx" ON "SandboxCrmWrite"("contactId");

-- CreateIndex
CREATE INDEX "Draft_status_score_createdAt_tier_warm_idx" ON "Draft"("status", "score", "createdAt", "tier", "warm");

