import type { InngestFunction } from "inngest";
import { backfillEnrichment } from "./backfill-enrichment";
import { decideDraftFn } from "./decide-draft";
import { learnFromOutcomes } from "./learn-from-outcomes";
import { prepareCall } from "./prepare-call";
import { processVisitor } from "./process-visitor";
import { reemitIntakeEvents } from "./reemit-intake-events";
import { rollupMetrics } from "./rollup-metrics";
import { sendApprovedDraft } from "./send-approved-draft";
import { sweepSends } from "./sweep-sends";
import { trackSendOutcome } from "./track-send-outcome";
import { verifyAuditChain } from "./verify-audit-chain";
import { watchUnwatchedSends } from "./watch-unwatched-sends";

/**
 * Every Inngest function the app serves. Add each workflow (one file per workflow in this folder)
 * to this array; app/api/inngest/route.ts serves exactly this list.
 */
export const functions: InngestFunction.Any[] = [
  processVisitor, backfillEnrichment, reemitIntakeEvents,
  decideDraftFn, sendApprovedDraft, sweepSends, verifyAuditChain, rollupMetrics,
  learnFromOutcomes,
  trackSendOutcome, watchUnwatchedSends, prepareCall,
];
