-- CreateTable
CREATE TABLE "ExecFunction" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "appId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "config" TEXT NOT NULL,
    "url" TEXT NOT NULL,
    "syncedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "ExecEvent" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "externalId" TEXT,
    "name" TEXT NOT NULL,
    "payload" TEXT NOT NULL,
    "ts" BIGINT NOT NULL,
    "receivedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "ExecRun" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "functionId" TEXT NOT NULL,
    "eventId" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "stack" TEXT NOT NULL DEFAULT '[]',
    "disableImmediate" BOOLEAN NOT NULL DEFAULT false,
    "concurrency" TEXT NOT NULL DEFAULT '[]',
    "output" TEXT,
    "error" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" DATETIME,
    "endedAt" DATETIME
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
    "startedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "endedAt" DATETIME,
    "seq" INTEGER,

    PRIMARY KEY ("runId", "stepId")
);

-- CreateTable
CREATE TABLE "ExecQueueItem" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "runId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "stepId" TEXT NOT NULL,
    "attempt" INTEGER NOT NULL DEFAULT 0,
    "availableAt" BIGINT NOT NULL,
    "leaseOwner" TEXT,
    "leaseUntil" BIGINT,
    "payload" TEXT NOT NULL DEFAULT '{}',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "ExecWait" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "runId" TEXT NOT NULL,
    "stepId" TEXT NOT NULL,
    "eventName" TEXT NOT NULL,
    "expression" TEXT,
    "expiresAt" BIGINT NOT NULL
);

-- CreateTable
CREATE TABLE "ExecIdempotency" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "runId" TEXT NOT NULL,
    "expiresAt" BIGINT NOT NULL
);

-- CreateTable
CREATE TABLE "ExecCronTick" (
    "functionId" TEXT NOT NULL,
    "at" BIGINT NOT NULL,
    "runId" TEXT NOT NULL,

    PRIMARY KEY ("functionId", "at")
);

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

