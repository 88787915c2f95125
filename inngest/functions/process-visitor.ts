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
    const scored = await step.run("score", async () => scoreVisitor(await pipelineDb(), visitorId));
    if (!scored) return { outcome: "skipped", reason: "visitor not found" };
    if (scored.isCompanyOnly) return { outcome: "stored", reason: "company-only profile: not drafted", tier: scored.tier };
    if (scored.excluded) return { outcome: "stored", reason: "excluded domain: not drafted" };

    let enrichment = scored.enrichmentStatus === "COMPLETE" ? "ALREADY_COMPLETE" : "NOT_REQUESTED";
    if (scored.enrichmentStatus !== "COMPLETE") {
      const push = await step.run("request-enrichment", async () =>
        requestEnrichment(await pipelineDb(), visitorId, { clay: clayFromEnv(), callbackUrl: clayCallbackUrl(), originKey: `${runId}:request-enrichment` }),
      );
      enrichment = push.status;
      if (push.status === "SENT") {
        await step.waitForEvent("wait-for-enrichment", {
          event: enrichmentReceived.name,
          timeout: enrichmentWait(),
          if: `async.data.requestId == ${JSON.stringify(push.requestId)}`,
        });
        // Read the stored outcome whatever the wait returned: the callback may have come before the wait began.
        enrichment = await step.run("settle-enrichment", async () => settle(await pipelineDb(), push.requestId));
      }
    }

    // Drafting re-scores the visitor from everything known now (Clay's answer included) and stores
    // that score, drafted or not: no separate re-score step (one step less per visitor).
    // The origin key (run id + step) lets a retried step find what its first attempt did.
    const draft = await step.run("draft", async () => draftForVisitor(await pipelineDb(), visitorId, new Date(), { originKey: `${runId}:draft` }));
    if (draft.kind === "drafted") {
      await step.sendEvent("emit-draft-created", draftCreated.create({ draftId: draft.draftId, visitorId }, { id: `draft-created-${draft.draftId}` }));
    }
    return { outcome: draft.kind, enrichment, ...(draft.kind === "skipped" ? { reason: draft.reason } : { draftId: draft.draftId }) };
  },
);
