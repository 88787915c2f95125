import type { InngestFunction } from "inngest";
import { alertHotLeadFn } from "./alert-hot-lead";
import { backfillEnrichment } from "./backfill-enrichment";
import { decideDraftFn } from "./decide-draft";
import { learnFromOutcomes } from "./learn-from-outcomes";
import { prepareCall } from "./prepare-call";
import { deliverAlerts } from "./deliver-alerts";
import { escalateReviews } from "./escalate-reviews";
import { processVisitor } from "./process-visitor";
import { reemitIntakeEvents } from "./reemit-intake-events";
import { rollupMetrics } from "./rollup-metrics";
import { runMonitorsFn } from "./run-monitors";
import { sendApprovedDraft } from "./send-approved-draft";
import { sweepSends } from "./sweep-sends";
import { trackSendOutcome } from "./track-send-outcome";
import { verifyAuditChain } from "./verify-audit-chain";
import { watchUnwatchedSends } from "./watch-unwatched-sends";
import { weeklyDigest } from "./weekly-digest";

/**
 * Every Inngest function the app serves. Add each workflow (one file per workflow in this folder)
 * to this array; app/api/inngest/route.ts serves exactly this list.
 */
export const functions: InngestFunction.Any[] = [
  processVisitor, backfillEnrichment, reemitIntakeEvents,
  decideDraftFn, sendApprovedDraft, sweepSends, verifyAuditChain, rollupMetrics,
  learnFromOutcomes,
  trackSendOutcome, watchUnwatchedSends, prepareCall,
  // Alerts, monitors and the weekly digest (issue #7).
  alertHotLeadFn, escalateReviews, deliverAlerts, runMonitorsFn, weeklyDigest,
];
