import { cron } from "inngest";
import { inngest } from "@/inngest/client";
import { backfillRequested, enrichmentReceived } from "@/inngest/events";
import { countPushOutcome, finishRun, startRun } from "@/server/features/enrichment/backfill.service";
import { ENRICHMENT_WAIT, requestEnrichment, settle } from "@/server/features/enrichment/enrichment.service";
import { scoreVisitor } from "@/server/features/visitors/scoring.service";
import { clayCallbackUrl, clayFromEnv } from "@/server/integrations/clay";
import { pipelineDb } from "@/inngest/pipeline-db";

/**
 * Re-enriches visitors left with partial data (breaker open, Clay down, callback timeout), a
 * batch at a time, recording progress in BackfillRun for the UI. Stops (PAUSED) as soon as the
 * breaker refuses: the next run picks up where this one stopped. A visitor that keeps failing is
 * given up after the configured attempts (enrichmentBackfill.maxAttempts).
 */
export const backfillEnrichment = inngest.createFunction(
  { id: "backfill-enrichment", name: "Enrichment backfill", retries: 2, triggers: [cron("*/15 * * * *"), backfillRequested] },
  async ({ event, step }) => {
    const manual = event.name === backfillRequested.name;
    const limit = manual ? (event.data as { limit?: number }).limit : undefined;
    const run = await step.run("start-run", async () => startRun(await pipelineDb(), { trigger: manual ? "manual" : "cron", limit }));
    if (!run.runId || run.visitorIds.length === 0) return { outcome: run.busy ? "busy" : "nothing-to-do", runId: run.runId };
    const runId = run.runId;

    let completed = 0;
    for (const visitorId of run.visitorIds) {
      const push = await step.run(`push-${visitorId}`, async () =>
        requestEnrichment(await pipelineDb(), visitorId, { clay: clayFromEnv(), callbackUrl: clayCallbackUrl(), backfillRunId: runId }),
      );
      if (push.status === "BLOCKED") {
        await step.run("pause-run", async () => {
          const db = await pipelineDb();
          await countPushOutcome(db, runId, false);
          await finishRun(db, runId, "PAUSED", `Clay breaker open${push.retryAt ? ` until ${push.retryAt}` : ""}; the next run continues`);
        });
        return { outcome: "paused", runId, completed };
      }
      if (push.status !== "SENT") {
        await step.run(`count-${visitorId}`, async () => countPushOutcome(await pipelineDb(), runId, false));
        continue;
      }
      await step.waitForEvent(`wait-${visitorId}`, {
        event: enrichmentReceived.name,
        timeout: ENRICHMENT_WAIT,
        if: `async.data.requestId == ${JSON.stringify(push.requestId)}`,
      });
      const outcome = await step.run(`settle-${visitorId}`, async () => {
        const db = await pipelineDb();
        const s = await settle(db, push.requestId);
        if (s === "COMPLETED") await scoreVisitor(db, visitorId);
        return s;
      });
      if (outcome === "COMPLETED") completed++;
    }
    await step.run("finish-run", async () => finishRun(await pipelineDb(), runId, "COMPLETED", null));
    return { outcome: "completed", runId, completed, total: run.visitorIds.length };
  },
);
