-- CreateIndex
CREATE INDEX "Draft_status_score_createdAt_tier_warm_idx" ON "Draft"("status", "score", "createdAt", "tier", "warm");

