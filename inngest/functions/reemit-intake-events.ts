import { cron } from "inngest";
import { inngest } from "@/inngest/client";
import { visitorIdentified } from "@/inngest/events";
import { reemitPending } from "@/server/features/visitors/visitors.service";
import { pipelineDb } from "@/inngest/pipeline-db";

/**
 * Every minute: RB2B deliveries that were stored but whose `visitor/identified` never reached the
 * executor get it now (same event id as the first attempt, so a duplicate is de-duplicated).
 */
export const reemitIntakeEvents = inngest.createFunction(
  { id: "reemit-intake-events", name: "Re-emit intake events", retries: 1, triggers: [cron("* * * * *")] },
  async ({ step }) =>
    step.run("reemit", async () =>
      reemitPending(await pipelineDb(), {
        emit: (data) => inngest.send(visitorIdentified.create(data, { id: `rb2b-${data.deliveryId}` })),
      }),
    ),
);
