import { inngest } from "@/inngest/client";
import { outcomeRecorded, sendSent } from "@/inngest/events";
import { closeOnOutcome, closeWithoutOutcome, openWatch, recheckWatch } from "@/server/features/outcomes/outcome-watch.service";
import { sendingDb } from "./send-steps";

/**
 * The wait is cut into 12 h pieces with a look at the stored outcomes between them: an outcome
 * whose event came before the wait was registered (events only match waits that already exist)
 * or whose emit was lost is then picked up within 12 h instead of at the deadline.
 */
const PIECE_MS = 12 * 3_600_000;
/** 6 pieces plus the non-final events (out-of-office replies, opportunity changes) a watch may see. */
const MAX_WAITS = 24;

/**
 * Each delivered send waits up to 72 h for its outcome (DESIGN.md §3 step 8): the first final
 * outcome event for this send closes the watch (and re-applies the follow-up stop, so the wait
 * path and the webhook path agree); an out-of-office reply keeps it waiting for the rest of the
 * window; at the deadline NO_REPLY is recorded for the learner. The deadline counts from when the
 * e-mail went out, not from when this run started.
 */
export const trackSendOutcome = inngest.createFunction(
  { id: "track-send-outcome", name: "Send → outcome (72 h)", retries: 3, triggers: [sendSent], idempotency: "event.data.sendId" },
  async ({ event, step }) => {
    const { sendId } = event.data;
    const opened = await step.run("open-watch", async () => openWatch(await sendingDb(), sendId));
    if (opened.state !== "WAITING") return opened;
    const deadline = new Date(opened.deadline).getTime();
    for (let i = 0; i < MAX_WAITS; i++) {
      const left = deadline - Date.now();
      if (left <= 0) break;
      const got = await step.waitForEvent(`wait-outcome-${i}`, {
        event: outcomeRecorded,
        // A literal, so the executor matches an outcome event to its watch without loading every
        // waiting run (inngest/executor/expressions.ts quickAsyncEquals).
        if: `async.data.sendId == ${JSON.stringify(sendId)}`,
        // Whole seconds: durable waits have a one-second resolution.
        timeout: Math.max(1_000, Math.ceil(Math.min(left, PIECE_MS) / 1_000) * 1_000),
      });
      const state = got
        ? await step.run(`outcome-${i}`, async () => closeOnOutcome(await sendingDb(), sendId, got.data.outcomeId))
        : await step.run(`recheck-${i}`, async () => recheckWatch(await sendingDb(), sendId));
      if (state.state !== "WAITING") return state;
    }
    return step.run("no-outcome", async () => closeWithoutOutcome(await sendingDb(), sendId));
  },
);
