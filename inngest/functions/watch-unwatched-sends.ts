import { inngest } from "@/inngest/client";
import { sendSent } from "@/inngest/events";
import { unwatchedSends } from "@/server/features/outcomes/outcome-watch.service";
import { sendingDb } from "./send-steps";

/**
 * Every 15 minutes: delivered sends of the last 72 h without an outcome watch (sent by the sweep,
 * or whose send/sent event was lost) get one. The event id and the function's idempotency key
 * make a second start for the same send a no-op.
 */
export const watchUnwatchedSends = inngest.createFunction(
  { id: "watch-unwatched-sends", name: "Start missing outcome watches", retries: 1, triggers: [{ cron: "*/15 * * * *" }] },
  async ({ step }) => {
    const sends = await step.run("find-unwatched", async () => unwatchedSends(await sendingDb()));
    if (sends.length > 0) {
      await step.sendEvent("start-watches", sends.map((s) => sendSent.create({ sendId: s.id, draftId: s.draftId }, { id: `sent-${s.id}` })));
    }
    return { started: sends.length };
  },
);
