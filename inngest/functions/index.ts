import { backfillEnrichment } from "./backfill-enrichment";
import { processVisitor } from "./process-visitor";
import { reemitIntakeEvents } from "./reemit-intake-events";

export const functions = [processVisitor, backfillEnrichment, reemitIntakeEvents];
