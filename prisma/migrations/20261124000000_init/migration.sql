-- CreateTable
CREATE TABLE "User" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "email" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "passwordHash" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "disabled" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "SignInThrottle" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "failures" INTEGER NOT NULL DEFAULT 0,
    "windowStart" DATETIME NOT NULL,
    "lockedUntil" DATETIME
);

-- CreateTable
CREATE TABLE "Setting" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "value" TEXT NOT NULL,
    "updatedAt" DATETIME NOT NULL,
    "updatedBy" TEXT
);

-- CreateTable
CREATE TABLE "AuditLog" (
    "seq" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actorType" TEXT NOT NULL,
    "actorId" TEXT,
    "agent" TEXT,
    "action" TEXT NOT NULL,
    "decision" TEXT NOT NULL,
    "riskLevel" TEXT,
    "reason" TEXT,
    "subjectType" TEXT,
    "subjectId" TEXT,
    "evidence" TEXT NOT NULL DEFAULT '{}',
    "prevHash" TEXT NOT NULL,
    "hash" TEXT NOT NULL
);

-- CreateTable
CREATE TABLE "PhaseTransition" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "fromPhase" TEXT NOT NULL,
    "toPhase" TEXT NOT NULL,
    "direction" TEXT NOT NULL,
    "signedOffBy" TEXT,
    "comment" TEXT,
    "criteria" TEXT NOT NULL DEFAULT '[]',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "GateManualItem" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "gate" TEXT NOT NULL,
    "item" TEXT NOT NULL,
    "checked" BOOLEAN NOT NULL DEFAULT false,
    "checkedBy" TEXT,
    "comment" TEXT,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "AuditHead" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "lastSeq" INTEGER NOT NULL DEFAULT 0,
    "lastHash" TEXT NOT NULL
);

-- CreateTable
CREATE TABLE "Visitor" (
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
    "erasedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "PageView" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "visitorId" TEXT NOT NULL,
    "deliveryId" TEXT,
    "url" TEXT NOT NULL,
    "referrer" TEXT,
    "seenAt" DATETIME NOT NULL,
    CONSTRAINT "PageView_visitorId_fkey" FOREIGN KEY ("visitorId") REFERENCES "Visitor" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "WebhookDelivery" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "source" TEXT NOT NULL,
    "dedupeKey" TEXT NOT NULL,
    "payload" TEXT NOT NULL,
    "receivedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "visitorId" TEXT,
    CONSTRAINT "WebhookDelivery_visitorId_fkey" FOREIGN KEY ("visitorId") REFERENCES "Visitor" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "EnrichmentRequest" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "visitorId" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'PENDING',
    "reason" TEXT,
    "requestedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "completedAt" DATETIME,
    "result" TEXT,
    CONSTRAINT "EnrichmentRequest_visitorId_fkey" FOREIGN KEY ("visitorId") REFERENCES "Visitor" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Template" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "key" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "tier" TEXT NOT NULL,
    "angle" TEXT NOT NULL,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "flaggedAt" DATETIME,
    "flagReason" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "TemplateVersion" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "templateId" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "body" TEXT NOT NULL,
    "createdBy" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "TemplateVersion_templateId_fkey" FOREIGN KEY ("templateId") REFERENCES "Template" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "SubjectVariant" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "templateId" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "active" BOOLEAN NOT NULL DEFAULT true,
    CONSTRAINT "SubjectVariant_templateId_fkey" FOREIGN KEY ("templateId") REFERENCES "Template" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Draft" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "visitorId" TEXT NOT NULL,
    "templateVersionId" TEXT NOT NULL,
    "subjectVariantId" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "score" INTEGER NOT NULL,
    "tier" TEXT NOT NULL,
    "warm" BOOLEAN NOT NULL DEFAULT false,
    "scoreBreakdown" TEXT NOT NULL DEFAULT '[]',
    "evidence" TEXT NOT NULL DEFAULT '[]',
    "qualityChecks" TEXT NOT NULL DEFAULT '[]',
    "fingerprint" TEXT NOT NULL,
    "recommendation" TEXT,
    "recommendationReason" TEXT,
    "status" TEXT NOT NULL DEFAULT 'DRAFTED',
    "snoozedUntil" DATETIME,
    "sendAfter" DATETIME,
    "escalatedAt" DATETIME,
    "version" INTEGER NOT NULL DEFAULT 0,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    "decidedAt" DATETIME,
    CONSTRAINT "Draft_visitorId_fkey" FOREIGN KEY ("visitorId") REFERENCES "Visitor" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Draft_templateVersionId_fkey" FOREIGN KEY ("templateVersionId") REFERENCES "TemplateVersion" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Draft_subjectVariantId_fkey" FOREIGN KEY ("subjectVariantId") REFERENCES "SubjectVariant" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Review" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "draftId" TEXT NOT NULL,
    "reviewerId" TEXT NOT NULL,
    "decision" TEXT NOT NULL,
    "reasonTag" TEXT,
    "note" TEXT,
    "editedSubject" TEXT,
    "editedBody" TEXT,
    "diff" TEXT,
    "systemRecommendation" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Review_draftId_fkey" FOREIGN KEY ("draftId") REFERENCES "Draft" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Review_reviewerId_fkey" FOREIGN KEY ("reviewerId") REFERENCES "User" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "RejectionMemory" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "identityKey" TEXT NOT NULL,
    "fingerprint" TEXT NOT NULL,
    "draftId" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "Send" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "draftId" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "mode" TEXT NOT NULL,
    "recipientDomain" TEXT NOT NULL,
    "recipientHash" TEXT NOT NULL,
    "claimedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sentAt" DATETIME,
    "providerContactId" TEXT,
    "providerMessageId" TEXT,
    "error" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Send_draftId_fkey" FOREIGN KEY ("draftId") REFERENCES "Draft" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "SandboxOutbox" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "sendId" TEXT NOT NULL,
    "toAddress" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "html" TEXT NOT NULL,
    "headers" TEXT NOT NULL DEFAULT '{}',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "SandboxOutbox_sendId_fkey" FOREIGN KEY ("sendId") REFERENCES "Send" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Outcome" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "sendId" TEXT,
    "type" TEXT NOT NULL,
    "classification" TEXT,
    "providerEventId" TEXT NOT NULL,
    "value" REAL,
    "occurredAt" DATETIME NOT NULL,
    "payload" TEXT NOT NULL DEFAULT '{}',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Outcome_sendId_fkey" FOREIGN KEY ("sendId") REFERENCES "Send" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Suppression" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "emailHash" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "LimitCounter" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "count" INTEGER NOT NULL DEFAULT 0,
    "windowStart" DATETIME NOT NULL,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "CircuitBreaker" (
    "service" TEXT NOT NULL PRIMARY KEY,
    "state" TEXT NOT NULL DEFAULT 'CLOSED',
    "failures" INTEGER NOT NULL DEFAULT 0,
    "openedAt" DATETIME,
    "openUntil" DATETIME,
    "halfOpenTrials" INTEGER NOT NULL DEFAULT 0,
    "lastSuccessAt" DATETIME,
    "lastFailureAt" DATETIME,
    "lastError" TEXT,
    "updatedAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE UNIQUE INDEX "User_email_key" ON "User"("email");

-- CreateIndex
CREATE UNIQUE INDEX "AuditLog_hash_key" ON "AuditLog"("hash");

-- CreateIndex
CREATE INDEX "AuditLog_at_idx" ON "AuditLog"("at");

-- CreateIndex
CREATE INDEX "AuditLog_action_at_idx" ON "AuditLog"("action", "at");

-- CreateIndex
CREATE INDEX "AuditLog_subjectType_subjectId_idx" ON "AuditLog"("subjectType", "subjectId");

-- CreateIndex
CREATE INDEX "PhaseTransition_createdAt_idx" ON "PhaseTransition"("createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "GateManualItem_gate_item_key" ON "GateManualItem"("gate", "item");

-- CreateIndex
CREATE UNIQUE INDEX "Visitor_identityKey_key" ON "Visitor"("identityKey");

-- CreateIndex
CREATE INDEX "Visitor_createdAt_idx" ON "Visitor"("createdAt");

-- CreateIndex
CREATE INDEX "Visitor_tier_createdAt_idx" ON "Visitor"("tier", "createdAt");

-- CreateIndex
CREATE INDEX "Visitor_needsBackfill_idx" ON "Visitor"("needsBackfill");

-- CreateIndex
CREATE INDEX "Visitor_companyDomain_idx" ON "Visitor"("companyDomain");

-- CreateIndex
CREATE INDEX "PageView_visitorId_seenAt_idx" ON "PageView"("visitorId", "seenAt");

-- CreateIndex
CREATE INDEX "WebhookDelivery_source_receivedAt_idx" ON "WebhookDelivery"("source", "receivedAt");

-- CreateIndex
CREATE UNIQUE INDEX "WebhookDelivery_source_dedupeKey_key" ON "WebhookDelivery"("source", "dedupeKey");

-- CreateIndex
CREATE INDEX "EnrichmentRequest_visitorId_requestedAt_idx" ON "EnrichmentRequest"("visitorId", "requestedAt");

-- CreateIndex
CREATE INDEX "EnrichmentRequest_status_requestedAt_idx" ON "EnrichmentRequest"("status", "requestedAt");

-- CreateIndex
CREATE UNIQUE INDEX "Template_key_key" ON "Template"("key");

-- CreateIndex
CREATE UNIQUE INDEX "TemplateVersion_templateId_version_key" ON "TemplateVersion"("templateId", "version");

-- CreateIndex
CREATE UNIQUE INDEX "SubjectVariant_templateId_key_key" ON "SubjectVariant"("templateId", "key");

-- CreateIndex
CREATE INDEX "Draft_status_createdAt_idx" ON "Draft"("status", "createdAt");

-- CreateIndex
CREATE INDEX "Draft_visitorId_createdAt_idx" ON "Draft"("visitorId", "createdAt");

-- CreateIndex
CREATE INDEX "Draft_tier_status_idx" ON "Draft"("tier", "status");

-- CreateIndex
CREATE INDEX "Review_draftId_idx" ON "Review"("draftId");

-- CreateIndex
CREATE INDEX "Review_createdAt_idx" ON "Review"("createdAt");

-- CreateIndex
CREATE INDEX "RejectionMemory_identityKey_createdAt_idx" ON "RejectionMemory"("identityKey", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "Send_draftId_key" ON "Send"("draftId");

-- CreateIndex
CREATE INDEX "Send_status_claimedAt_idx" ON "Send"("status", "claimedAt");

-- CreateIndex
CREATE INDEX "Send_sentAt_idx" ON "Send"("sentAt");

-- CreateIndex
CREATE INDEX "Send_recipientDomain_sentAt_idx" ON "Send"("recipientDomain", "sentAt");

-- CreateIndex
CREATE UNIQUE INDEX "SandboxOutbox_sendId_key" ON "SandboxOutbox"("sendId");

-- CreateIndex
CREATE UNIQUE INDEX "Outcome_providerEventId_key" ON "Outcome"("providerEventId");

-- CreateIndex
CREATE INDEX "Outcome_sendId_idx" ON "Outcome"("sendId");

-- CreateIndex
CREATE INDEX "Outcome_type_occurredAt_idx" ON "Outcome"("type", "occurredAt");

-- CreateIndex
CREATE UNIQUE INDEX "Suppression_emailHash_key" ON "Suppression"("emailHash");

