import { inngest } from "@/inngest/client";
import { alertQueued } from "@/inngest/events";
import { deliverDue } from "@/server/features/alerts/alerts.service";
import { slackFromEnv } from "@/server/integrations/slack";
import { sendingDb } from "./send-steps";

/** Durable waits longer than this end the run; the per-minute sweep starts a new one when it is due. */
const MAX_DURABLE_WAIT_MS = 15 * 60_000;
const ROUNDS = 10;

/**
 * Posts queued alerts to Slack (DESIGN.md §9): about one message a second, 429 Retry-After
 * honoured. Pacing lives in the deliverer (a slot row in the database), not in a function throttle
 * (the local executor does not implement throttle); one run at a time (concurrency 1) keeps the
 * order, and a long Retry-After becomes a durable sleep instead of a blocked worker.
 */
export const deliverAlerts = inngest.createFunction(
  {
    id: "deliver-alerts", name: "Deliver Slack alerts", retries: 2, concurrency: { limit: 1 },
    triggers: [alertQueued, { cron: "* * * * *" }],
  },
  async ({ step }) => {
    let total = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const r = await step.run(`deliver-${round}`, async () => deliverDue(await sendingDb(), { slack: slackFromEnv() }));
      total += r.sent;
      if (!r.waitUntil) break;
      const wait = Date.parse(r.waitUntil) - Date.now();
      if (wait > MAX_DURABLE_WAIT_MS) break;
      if (wait > 0) await step.sleepUntil(`pace-${round}`, new Date(r.waitUntil));
    }
    return { sent: total };
  },
);
