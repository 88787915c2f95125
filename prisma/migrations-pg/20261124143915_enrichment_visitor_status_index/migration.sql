-- CreateIndex
CREATE INDEX "EnrichmentRequest_visitorId_status_completedAt_idx" ON "EnrichmentRequest"("visitorId", "status", "completedAt");

