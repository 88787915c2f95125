import { eventType } from "inngest";
import { z } from "zod";

/**
 * Typed events of the pipeline. Payloads carry ids, never personal data: functions load what they
 * need from the database, so event logs and the run viewer hold no PII.
 */
export const visitorIdentified = eventType("visitor/identified", {
  schema: z.object({ visitorId: z.string(), deliveryId: z.string(), repeat: z.boolean() }),
});

export const enrichmentReceived = eventType("clay/enrichment.received", {
  schema: z.object({ requestId: z.string(), visitorId: z.string(), ok: z.boolean() }),
});

export const draftCreated = eventType("draft/created", {
  schema: z.object({ draftId: z.string(), visitorId: z.string() }),
});

export const draftApproved = eventType("draft/approved", {
  schema: z.object({ draftId: z.string(), reviewerId: z.string() }),
});

export const draftQueuedForReview = eventType("draft/queued-for-review", {
  schema: z.object({ draftId: z.string(), tier: z.string(), warm: z.boolean() }),
});

/** Asks for an enrichment backfill run now (the cron also starts one every 15 minutes). */
export const backfillRequested = eventType("enrichment/backfill.requested", {
  schema: z.object({ limit: z.number().int().min(1).max(200).optional() }),
});

/** A send went out (SENT, not shadow): its outcome is watched for 72 h (track-send-outcome). */
export const sendSent = eventType("send/sent", {
  schema: z.object({ sendId: z.string(), draftId: z.string() }),
});

/** An outcome for one of our sends was stored (emitted by the GHL webhook after commit). */
export const outcomeRecorded = eventType("ghl/outcome.recorded", {
  schema: z.object({ outcomeId: z.string(), sendId: z.string(), type: z.string(), classification: z.string().nullable() }),
});

/** An alert was queued for Slack: wakes the deliverer (a per-minute sweep delivers anyway). */
export const alertQueued = eventType("alert/queued", {
  schema: z.object({ alertId: z.string() }),
});
