-- CreateIndex
CREATE INDEX "AuditLog_decision_seq_idx" ON "AuditLog"("decision", "seq");

-- CreateIndex
CREATE INDEX "AuditLog_agent_seq_idx" ON "AuditLog"("agent", "seq");

-- CreateIndex
CREATE INDEX "AuditLog_actorType_seq_idx" ON "AuditLog"("actorType", "seq");

-- CreateIndex
CREATE INDEX "Send_status_sentAt_idx" ON "Send"("status", "sentAt");

