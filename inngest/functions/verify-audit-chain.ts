import { inngest } from "@/inngest/client";
import { record, verifyAndRecord } from "@/server/features/audit/audit.service";
import { logger } from "@/server/logger";
import { sendingDb } from "./send-steps";

/**
 * Hourly: walks the audit hash chain and keeps the verdict (shown on the Audit page); a break
 * (edited, deleted, reordered or truncated rows) raises an alert record.
 */
export const verifyAuditChain = inngest.createFunction(
  { id: "verify-audit-chain", name: "Verify audit chain", retries: 1, triggers: [{ cron: "17 * * * *" }] },
  async ({ step }) => {
    return step.run("verify", async () => {
      const db = await sendingDb();
      const verdict = await verifyAndRecord(db, null);
      if (!verdict.ok) {
        logger.error({ verdict }, "audit chain broken");
        await record(db, {
          actorType: "SYSTEM", agent: "QUEEN", action: "alert.audit_chain_broken", decision: "INFO", riskLevel: "CRITICAL",
          reason: `audit chain broken at seq ${verdict.brokenAtSeq} (${verdict.problem})`, evidence: { ...verdict },
        });
      }
      return verdict;
    });
  },
);
