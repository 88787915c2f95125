import type { InngestFunction } from "inngest";
import { alertHotLeadFn } from "./alert-hot-lead";
import { backfillEnrichment } from "./backfill-enrichment";
import { decideDraftFn } from "./decide-draft";
import { deliverAlerts } from "./deliver-alerts";
import { escalateReviews } from "./escalate-reviews";
import { processVisitor } from "./process-visitor";
import { reemitIntakeEvents } from "./reemit-intake-events";
import { rollupMetrics } from "./rollup-metrics";
import { runMonitorsFn } from "./run-monitors";
import { sendApprovedDraft } from "./send-approved-draft";
import { sweepSends } from "./sweep-sends";
import { verifyAuditChain } from "./verify-audit-chain";
import { weeklyDigest } from "./weekly-digest";

/**
 * Every Inngest function the app serves. Add each workflow (one file per workflow in this folder)
 * to this array; app/api/inngest/route.ts serves exactly this list.
 */
export const functions: InngestFunction.Any[] = [
  processVisitor, backfillEnrichment, reemitIntakeEvents,
  decideDraftFn, sendApprovedDraft, sweepSends, verifyAuditChain, rollupMetrics,
  // Alerts, monitors and the weekly digest (issue #7).
  alertHotLeadFn, escalateReviews, deliverAlerts, runMonitorsFn, weeklyDigest,
];
