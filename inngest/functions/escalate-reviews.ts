import { inngest } from "@/inngest/client";
import { alertQueued } from "@/inngest/events";
import { escalateWaitingReviews } from "@/server/features/alerts/escalation.service";
import { sendingDb } from "./send-steps";

/** Every 5 minutes: drafts with no decision for 2 h escalate to Slack, once each (DESIGN.md §3 step 6). */
export const escalateReviews = inngest.createFunction(
  { id: "escalate-reviews", name: "Escalate reviews waiting > 2 h", retries: 2, triggers: [{ cron: "*/5 * * * *" }] },
  async ({ step }) => {
    const r = await step.run("escalate", async () => escalateWaitingReviews(await sendingDb()));
    if (r.raised > 0) await step.sendEvent("wake-deliverer", alertQueued.create({ alertId: "escalations" }));
    return r;
  },
);
