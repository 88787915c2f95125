import { inngest } from "@/inngest/client";
import { alertQueued, draftQueuedForReview } from "@/inngest/events";
import { alertHotLead } from "@/server/features/alerts/escalation.service";
import { sendingDb } from "./send-steps";

/** A HOT draft entered the approval inbox (decide-draft emits the event): alert at once (DESIGN.md §3 step 6). */
export const alertHotLeadFn = inngest.createFunction(
  { id: "alert-hot-lead", name: "Alert: HOT lead queued", retries: 3, triggers: [draftQueuedForReview] },
  async ({ event, step }) => {
    const r = await step.run("raise", async () => alertHotLead(await sendingDb(), event.data.draftId));
    if (r.alerted) await step.sendEvent("wake-deliverer", alertQueued.create({ alertId: `hot:${event.data.draftId}` }));
    return r;
  },
);
