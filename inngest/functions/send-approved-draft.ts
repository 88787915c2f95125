import { inngest } from "@/inngest/client";
import { draftApproved } from "@/inngest/events";
import { releaseApproved, sendDraft } from "@/server/features/sending/sending.service";
import { ghlFromEnv } from "@/server/integrations/ghl";
import { MAX_SEND_ATTEMPTS, nextAttemptAt, sendingDb, sentEvent, type SendStepResult } from "./send-steps";

/** Dani approved a draft in the inbox: GATEKEEPER releases it into the one send path. */
export const sendApprovedDraft = inngest.createFunction(
  { id: "send-approved-draft", name: "Approved draft → send", retries: 3, triggers: [draftApproved] },
  async ({ event, step }) => {
    const { draftId, reviewerId } = event.data;
    let last: SendStepResult = await step.run("release-and-send", async () => {
      const db = await sendingDb();
      return releaseApproved(db, { ghl: ghlFromEnv(db) }, draftId, reviewerId);
    });
    for (let i = 0; i < MAX_SEND_ATTEMPTS; i++) {
      const at = nextAttemptAt(last);
      if (!at) break;
      await step.sleepUntil(`wait-${i}`, at);
      last = await step.run(`send-${i}`, async () => {
        const db = await sendingDb();
        return sendDraft(db, { ghl: ghlFromEnv(db) }, draftId);
      });
    }
    const sent = sentEvent(last, draftId);
    if (sent) await step.sendEvent("watch-outcome", sent);
    return { outcome: last.kind };
  },
);
