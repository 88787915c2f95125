-- CreateTable
CREATE TABLE "User" (
    "id" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "passwordHash" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "disabled" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "User_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SignInThrottle" (
    "key" TEXT NOT NULL,
    "failures" INTEGER NOT NULL DEFAULT 0,
    "windowStart" TIMESTAMP(3) NOT NULL,
    "lockedUntil" TIMESTAMP(3),

    CONSTRAINT "SignInThrottle_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "Setting" (
    "key" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "updatedBy" TEXT,

    CONSTRAINT "Setting_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "AuditLog" (
    "seq" SERIAL NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
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
    "hash" TEXT NOT NULL,

    CONSTRAINT "AuditLog_pkey" PRIMARY KEY ("seq")
);

-- CreateTable
CREATE TABLE "PhaseTransition" (
    "id" TEXT NOT NULL,
    "fromPhase" TEXT NOT NULL,
    "toPhase" TEXT NOT NULL,
    "direction" TEXT NOT NULL,
    "signedOffBy" TEXT,
    "comment" TEXT,
    "criteria" TEXT NOT NULL DEFAULT '[]',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PhaseTransition_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "GateManualItem" (
    "id" TEXT NOT NULL,
    "gate" TEXT NOT NULL,
    "item" TEXT NOT NULL,
    "checked" BOOLEAN NOT NULL DEFAULT false,
    "checkedBy" TEXT,
    "comment" TEXT,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "GateManualItem_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AuditHead" (
    "id" INTEGER NOT NULL,
    "lastSeq" INTEGER NOT NULL DEFAULT 0,
    "lastHash" TEXT NOT NULL,

    CONSTRAINT "AuditHead_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "BackfillRun" (
    "id" TEXT NOT NULL,
    "trigger" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'RUNNING',
    "total" INTEGER NOT NULL DEFAULT 0,
    "processed" INTEGER NOT NULL DEFAULT 0,
    "succeeded" INTEGER NOT NULL DEFAULT 0,
    "failed" INTEGER NOT NULL DEFAULT 0,
    "note" TEXT,
    "visitorIds" TEXT NOT NULL DEFAULT '[]',
    "originKey" TEXT,
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "BackfillRun_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ExecFunction" (
    "id" TEXT NOT NULL,
    "appId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "config" TEXT NOT NULL,
    "url" TEXT NOT NULL,
    "syncedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ExecFunction_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ExecEvent" (
    "id" TEXT NOT NULL,
    "externalId" TEXT,
    "name" TEXT NOT NULL,
    "payload" TEXT NOT NULL,
    "ts" BIGINT NOT NULL,
    "receivedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ExecEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ExecRun" (
    "id" TEXT NOT NULL,
    "functionId" TEXT NOT NULL,
    "eventId" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "stack" TEXT NOT NULL DEFAULT '[]',
    "disableImmediate" BOOLEAN NOT NULL DEFAULT false,
    "concurrency" TEXT NOT NULL DEFAULT '[]',
    "output" TEXT,
    "error" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" TIMESTAMP(3),
    "endedAt" TIMESTAMP(3),

    CONSTRAINT "ExecRun_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ExecStep" (
    "runId" TEXT NOT NULL,
    "stepId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "op" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "data" TEXT,
    "error" TEXT,
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "endedAt" TIMESTAMP(3),
    "seq" INTEGER,

    CONSTRAINT "ExecStep_pkey" PRIMARY KEY ("runId","stepId")
);

-- CreateTable
CREATE TABLE "ExecQueueItem" (
    "id" TEXT NOT NULL,
    "runId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "stepId" TEXT NOT NULL,
    "attempt" INTEGER NOT NULL DEFAULT 0,
    "availableAt" BIGINT NOT NULL,
    "leaseOwner" TEXT,
    "leaseUntil" BIGINT,
    "payload" TEXT NOT NULL DEFAULT '{}',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ExecQueueItem_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ExecWait" (
    "id" TEXT NOT NULL,
    "runId" TEXT NOT NULL,
    "stepId" TEXT NOT NULL,
    "eventName" TEXT NOT NULL,
    "expression" TEXT,
    "expiresAt" BIGINT NOT NULL,

    CONSTRAINT "ExecWait_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ExecIdempotency" (
    "key" TEXT NOT NULL,
    "runId" TEXT NOT NULL,
    "expiresAt" BIGINT NOT NULL,

    CONSTRAINT "ExecIdempotency_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "ExecCronTick" (
    "functionId" TEXT NOT NULL,
    "at" BIGINT NOT NULL,
    "runId" TEXT NOT NULL,

    CONSTRAINT "ExecCronTick_pkey" PRIMARY KEY ("functionId","at")
);

-- CreateTable
CREATE TABLE "MetricDaily" (
    "day" TEXT NOT NULL,
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
    "pipelineValue" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "reviews" INTEGER NOT NULL DEFAULT 0,
    "overrides" INTEGER NOT NULL DEFAULT 0,
    "qualityRatings" INTEGER NOT NULL DEFAULT 0,
    "qualityScoreSum" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "MetricDaily_pkey" PRIMARY KEY ("day")
);

-- CreateTable
CREATE TABLE "EmailRating" (
    "id" TEXT NOT NULL,
    "draftId" TEXT NOT NULL,
    "reviewerId" TEXT NOT NULL,
    "personalisation" INTEGER NOT NULL,
    "subject" INTEGER NOT NULL,
    "valueProposition" INTEGER NOT NULL,
    "cta" INTEGER NOT NULL,
    "tone" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "EmailRating_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MetricVariantDaily" (
    "day" TEXT NOT NULL,
    "subjectVariantId" TEXT NOT NULL,
    "sent" INTEGER NOT NULL DEFAULT 0,
    "replied" INTEGER NOT NULL DEFAULT 0,
    "positive" INTEGER NOT NULL DEFAULT 0,
    "meetings" INTEGER NOT NULL DEFAULT 0,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "MetricVariantDaily_pkey" PRIMARY KEY ("day","subjectVariantId")
);

-- CreateTable
CREATE TABLE "Visitor" (
    "id" TEXT NOT NULL,
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
    "firstSeenAt" TIMESTAMP(3) NOT NULL,
    "lastSeenAt" TIMESTAMP(3) NOT NULL,
    "visitCount" INTEGER NOT NULL DEFAULT 0,
    "score" INTEGER,
    "tier" TEXT,
    "warm" BOOLEAN NOT NULL DEFAULT false,
    "scoreBreakdown" TEXT NOT NULL DEFAULT '[]',
    "enrichmentStatus" TEXT NOT NULL DEFAULT 'NONE',
    "needsBackfill" BOOLEAN NOT NULL DEFAULT false,
    "enrichmentAttempts" INTEGER NOT NULL DEFAULT 0,
    "lastEnrichedAt" TIMESTAMP(3),
    "erasedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Visitor_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PageView" (
    "id" TEXT NOT NULL,
    "visitorId" TEXT NOT NULL,
    "deliveryId" TEXT,
    "url" TEXT NOT NULL,
    "referrer" TEXT,
    "seenAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "PageView_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "WebhookDelivery" (
    "id" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "dedupeKey" TEXT NOT NULL,
    "payload" TEXT NOT NULL,
    "receivedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "visitorId" TEXT,
    "emittedAt" TIMESTAMP(3),
    "emitAttempts" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "WebhookDelivery_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "EnrichmentRequest" (
    "id" TEXT NOT NULL,
    "visitorId" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'PENDING',
    "reason" TEXT,
    "requestedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "completedAt" TIMESTAMP(3),
    "result" TEXT,
    "backfillRunId" TEXT,
    "originKey" TEXT,
    "pushedAt" TIMESTAMP(3),
    "settledAt" TIMESTAMP(3),

    CONSTRAINT "EnrichmentRequest_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Template" (
    "id" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "tier" TEXT NOT NULL,
    "angle" TEXT NOT NULL,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "flaggedAt" TIMESTAMP(3),
    "flagReason" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Template_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TemplateVersion" (
    "id" TEXT NOT NULL,
    "templateId" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "body" TEXT NOT NULL,
    "createdBy" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "TemplateVersion_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SubjectVariant" (
    "id" TEXT NOT NULL,
    "templateId" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "active" BOOLEAN NOT NULL DEFAULT true,

    CONSTRAINT "SubjectVariant_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Draft" (
    "id" TEXT NOT NULL,
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
    "snoozedUntil" TIMESTAMP(3),
    "sendAfter" TIMESTAMP(3),
    "escalatedAt" TIMESTAMP(3),
    "version" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "decidedAt" TIMESTAMP(3),
    "originKey" TEXT,

    CONSTRAINT "Draft_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Review" (
    "id" TEXT NOT NULL,
    "draftId" TEXT NOT NULL,
    "reviewerId" TEXT NOT NULL,
    "decision" TEXT NOT NULL,
    "reasonTag" TEXT,
    "note" TEXT,
    "editedSubject" TEXT,
    "editedBody" TEXT,
    "diff" TEXT,
    "systemRecommendation" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Review_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RejectionMemory" (
    "id" TEXT NOT NULL,
    "identityKey" TEXT NOT NULL,
    "fingerprint" TEXT NOT NULL,
    "draftId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RejectionMemory_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Send" (
    "id" TEXT NOT NULL,
    "draftId" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "mode" TEXT NOT NULL,
    "recipientDomain" TEXT NOT NULL,
    "recipientHash" TEXT NOT NULL,
    "claimedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sentAt" TIMESTAMP(3),
    "providerContactId" TEXT,
    "providerMessageId" TEXT,
    "error" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Send_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SandboxOutbox" (
    "id" TEXT NOT NULL,
    "sendId" TEXT NOT NULL,
    "toAddress" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "html" TEXT NOT NULL,
    "headers" TEXT NOT NULL DEFAULT '{}',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SandboxOutbox_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Outcome" (
    "id" TEXT NOT NULL,
    "sendId" TEXT,
    "type" TEXT NOT NULL,
    "classification" TEXT,
    "providerEventId" TEXT NOT NULL,
    "value" DOUBLE PRECISION,
    "occurredAt" TIMESTAMP(3) NOT NULL,
    "payload" TEXT NOT NULL DEFAULT '{}',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Outcome_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Suppression" (
    "id" TEXT NOT NULL,
    "emailHash" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Suppression_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LimitCounter" (
    "key" TEXT NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 0,
    "windowStart" TIMESTAMP(3) NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "LimitCounter_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "CircuitBreaker" (
    "service" TEXT NOT NULL,
    "state" TEXT NOT NULL DEFAULT 'CLOSED',
    "failures" INTEGER NOT NULL DEFAULT 0,
    "openedAt" TIMESTAMP(3),
    "openUntil" TIMESTAMP(3),
    "halfOpenTrials" INTEGER NOT NULL DEFAULT 0,
    "lastSuccessAt" TIMESTAMP(3),
    "lastFailureAt" TIMESTAMP(3),
    "lastError" TEXT,
    "version" INTEGER NOT NULL DEFAULT 0,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CircuitBreaker_pkey" PRIMARY KEY ("service")
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
CREATE INDEX "AuditLog_decision_seq_idx" ON "AuditLog"("decision", "seq");

-- CreateIndex
CREATE INDEX "AuditLog_agent_seq_idx" ON "AuditLog"("agent", "seq");

-- CreateIndex
CREATE INDEX "AuditLog_actorType_seq_idx" ON "AuditLog"("actorType", "seq");

-- CreateIndex
CREATE INDEX "AuditLog_subjectType_subjectId_idx" ON "AuditLog"("subjectType", "subjectId");

-- CreateIndex
CREATE INDEX "PhaseTransition_createdAt_idx" ON "PhaseTransition"("createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "GateManualItem_gate_item_key" ON "GateManualItem"("gate", "item");

-- CreateIndex
CREATE UNIQUE INDEX "BackfillRun_originKey_key" ON "BackfillRun"("originKey");

-- CreateIndex
CREATE INDEX "BackfillRun_startedAt_idx" ON "BackfillRun"("startedAt");

-- CreateIndex
CREATE UNIQUE INDEX "ExecEvent_externalId_key" ON "ExecEvent"("externalId");

-- CreateIndex
CREATE INDEX "ExecEvent_name_ts_idx" ON "ExecEvent"("name", "ts");

-- CreateIndex
CREATE INDEX "ExecRun_functionId_status_idx" ON "ExecRun"("functionId", "status");

-- CreateIndex
CREATE INDEX "ExecRun_status_createdAt_idx" ON "ExecRun"("status", "createdAt");

-- CreateIndex
CREATE INDEX "ExecRun_createdAt_idx" ON "ExecRun"("createdAt");

-- CreateIndex
CREATE INDEX "ExecQueueItem_availableAt_idx" ON "ExecQueueItem"("availableAt");

-- CreateIndex
CREATE INDEX "ExecQueueItem_runId_idx" ON "ExecQueueItem"("runId");

-- CreateIndex
CREATE INDEX "ExecWait_eventName_idx" ON "ExecWait"("eventName");

-- CreateIndex
CREATE UNIQUE INDEX "ExecWait_runId_stepId_key" ON "ExecWait"("runId", "stepId");

-- CreateIndex
CREATE INDEX "EmailRating_createdAt_idx" ON "EmailRating"("createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "EmailRating_draftId_reviewerId_key" ON "EmailRating"("draftId", "reviewerId");

-- CreateIndex
CREATE INDEX "MetricVariantDaily_subjectVariantId_idx" ON "MetricVariantDaily"("subjectVariantId");

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
CREATE INDEX "WebhookDelivery_source_emittedAt_idx" ON "WebhookDelivery"("source", "emittedAt");

-- CreateIndex
CREATE UNIQUE INDEX "WebhookDelivery_source_dedupeKey_key" ON "WebhookDelivery"("source", "dedupeKey");

-- CreateIndex
CREATE UNIQUE INDEX "EnrichmentRequest_originKey_key" ON "EnrichmentRequest"("originKey");

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
CREATE UNIQUE INDEX "Draft_originKey_key" ON "Draft"("originKey");

-- CreateIndex
CREATE INDEX "Draft_status_createdAt_idx" ON "Draft"("status", "createdAt");

-- CreateIndex
CREATE INDEX "Draft_createdAt_idx" ON "Draft"("createdAt");

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
CREATE INDEX "Send_status_sentAt_idx" ON "Send"("status", "sentAt");

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

-- AddForeignKey
ALTER TABLE "PageView" ADD CONSTRAINT "PageView_visitorId_fkey" FOREIGN KEY ("visitorId") REFERENCES "Visitor"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "WebhookDelivery" ADD CONSTRAINT "WebhookDelivery_visitorId_fkey" FOREIGN KEY ("visitorId") REFERENCES "Visitor"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EnrichmentRequest" ADD CONSTRAINT "EnrichmentRequest_visitorId_fkey" FOREIGN KEY ("visitorId") REFERENCES "Visitor"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TemplateVersion" ADD CONSTRAINT "TemplateVersion_templateId_fkey" FOREIGN KEY ("templateId") REFERENCES "Template"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SubjectVariant" ADD CONSTRAINT "SubjectVariant_templateId_fkey" FOREIGN KEY ("templateId") REFERENCES "Template"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Draft" ADD CONSTRAINT "Draft_visitorId_fkey" FOREIGN KEY ("visitorId") REFERENCES "Visitor"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Draft" ADD CONSTRAINT "Draft_templateVersionId_fkey" FOREIGN KEY ("templateVersionId") REFERENCES "TemplateVersion"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Draft" ADD CONSTRAINT "Draft_subjectVariantId_fkey" FOREIGN KEY ("subjectVariantId") REFERENCES "SubjectVariant"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Review" ADD CONSTRAINT "Review_draftId_fkey" FOREIGN KEY ("draftId") REFERENCES "Draft"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Review" ADD CONSTRAINT "Review_reviewerId_fkey" FOREIGN KEY ("reviewerId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Send" ADD CONSTRAINT "Send_draftId_fkey" FOREIGN KEY ("draftId") REFERENCES "Draft"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SandboxOutbox" ADD CONSTRAINT "SandboxOutbox_sendId_fkey" FOREIGN KEY ("sendId") REFERENCES "Send"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Outcome" ADD CONSTRAINT "Outcome_sendId_fkey" FOREIGN KEY ("sendId") REFERENCES "Send"("id") ON DELETE SET NULL ON UPDATE CASCADE;

