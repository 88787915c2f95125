import { inngest } from "@/inngest/client";
import { draftCreated, draftQueuedForReview } from "@/inngest/events";
import { sendTimeForDraft } from "@/server/features/learning/learning.service";
import { decideDraft, releaseDelayed } from "@/server/features/sending/decide.service";
import { sendDraft } from "@/server/features/sending/sending.service";
import { ghlFromEnv } from "@/server/integrations/ghl";
import { MAX_SEND_ATTEMPTS, nextAttemptAt, sendingDb, sentEvent, type SendStepResult } from "./send-steps";

/**
 * Draft -> decision -> send (DESIGN.md §3 steps 5 and 7): the autonomy table decides; auto-sends
 * go through the one send path (sleeping until a closed window or a full limit allows), delayed
 * auto-sends sleep first and are released only if nobody acted, and a HOT draft queued for review
 * emits the alert event.
 */
export const decideDraftFn = inngest.createFunction(
  { id: "decide-draft", name: "Draft → decision → send", retries: 3, triggers: [draftCreated] },
  async ({ event, step }) => {
    const { draftId } = event.data;
    const decided = await step.run("decide", async () => decideDraft(await sendingDb(), draftId));
    if (decided.kind === "REVIEW") {
      if (decided.hot) {
        await step.sendEvent("alert-hot-review", draftQueuedForReview.create({ draftId, tier: decided.tier, warm: decided.warm }, { id: `queued-${draftId}` }));
      }
      return { outcome: "REVIEW", reason: decided.reason };
    }
    if (decided.kind !== "AUTO_SEND" && decided.kind !== "AUTO_SEND_DELAYED") return { outcome: decided.kind };
    if (decided.kind === "AUTO_SEND_DELAYED") {
      await step.sleep("auto-send-delay", decided.delayMs);
      const r = await step.run("release-delayed", async () => releaseDelayed(await sendingDb(), draftId));
      if (!r.released) return { outcome: "NOT_RELEASED", status: r.status };
    }
    // Send-time optimisation (DESIGN.md §7): wait for the persona's clearly better hour slot inside
    // the window, bounded by settings; then the one send path below, unchanged.
    const timing = await step.run("send-time", async () => sendTimeForDraft(await sendingDb(), draftId));
    if (timing.moved) await step.sleepUntil("send-time-wait", new Date(timing.at));
    let last: SendStepResult | null = null;
    for (let i = 0; i < MAX_SEND_ATTEMPTS; i++) {
      last = await step.run(`send-${i}`, async () => {
        const db = await sendingDb();
        return sendDraft(db, { ghl: ghlFromEnv(db) }, draftId);
      });
      const at = nextAttemptAt(last);
      if (!at) break;
      await step.sleepUntil(`wait-${i}`, at);
    }
    const sent = sentEvent(last, draftId);
    if (sent) await step.sendEvent("watch-outcome", sent);
    return { outcome: last?.kind ?? "NONE" };
  },
);
