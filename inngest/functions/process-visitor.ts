import { inngest } from "@/inngest/client";
import { draftCreated, enrichmentReceived, visitorIdentified } from "@/inngest/events";
import { draftForVisitor } from "@/server/features/drafting/drafting.service";
import { enrichmentWait, requestEnrichment, settle } from "@/server/features/enrichment/enrichment.service";
import { scoreVisitor } from "@/server/features/visitors/scoring.service";
import { clayCallbackUrl, clayFromEnv } from "@/server/integrations/clay";
import { pipelineDb } from "@/inngest/pipeline-db";

/**
 * Visitor -> draft (DESIGN.md §3 steps 2–4): score, enrich through Clay (waiting for the callback
 * up to CLAY_CALLBACK_WAIT_S, 30 s by default), draft (re-scoring with what Clay added). Clay trouble
 * never stops it: the draft is made from partial data and the visitor is left marked for backfill.
 */
export const processVisitor = inngest.createFunction(
  { id: "process-visitor", name: "Visitor → draft", retries: 3, triggers: [visitorIdentified] },
  async ({ event, step, runId }) => {
    const { visitorId } = event.data;
    // Scoring and the Clay push share a step (one checkpoint round trip less per visitor): both are
    // safe to run again — the score is recomputed, and a retried push finds the request its first
    // attempt made by the origin key (and pushes again only if Clay never accepted it).
    const first = await step.run("score-and-enrich", async () => {
      const db = await pipelineDb();
      const scored = await scoreVisitor(db, visitorId);
      if (!scored || scored.isCompanyOnly || scored.excluded || scored.enrichmentStatus === "COMPLETE") return { scored, push: null };
      const push = await requestEnrichment(db, visitorId, { clay: clayFromEnv(), callbackUrl: clayCallbackUrl(), originKey: `${runId}:request-enrichment` });
      return { scored, push };
    });
    const { scored, push } = first;
    if (!scored) return { outcome: "skipped", reason: "visitor not found" };
    if (scored.isCompanyOnly) return { outcome: "stored", reason: "company-only profile: not drafted", tier: scored.tier };
    if (scored.excluded) return { outcome: "stored", reason: "excluded domain: not drafted" };

    let enrichment: string = push ? push.status : "ALREADY_COMPLETE";
    const sent = push?.status === "SENT" ? push.requestId : null;
    if (sent) {
      await step.waitForEvent("wait-for-enrichment", {
        event: enrichmentReceived.name,
        timeout: enrichmentWait(),
        if: `async.data.requestId == ${JSON.stringify(sent)}`,
      });
    }

    // Settling the request and drafting share a step too: settle reads the stored outcome whatever
    // the wait returned (the callback may have come before the wait began) and feeds the breaker once
    // per request; drafting re-scores from everything known now (Clay's answer included), stores the
    // score, and a retry finds its draft by the origin key (run id + "draft").
    const done = await step.run("settle-and-draft", async () => {
      const db = await pipelineDb();
      const settled = sent ? await settle(db, sent) : null;
      return { settled, draft: await draftForVisitor(db, visitorId, new Date(), { originKey: `${runId}:draft` }) };
    });
    if (done.settled) enrichment = done.settled;
    const { draft } = done;
    if (draft.kind === "drafted") {
      await step.sendEvent("emit-draft-created", draftCreated.create({ draftId: draft.draftId, visitorId }, { id: `draft-created-${draft.draftId}` }));
    }
    return { outcome: draft.kind, enrichment, ...(draft.kind === "skipped" ? { reason: draft.reason } : { draftId: draft.draftId }) };
  },
);
