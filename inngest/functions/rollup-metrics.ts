import { inngest } from "@/inngest/client";
import { dayKey, recomputeDay } from "@/server/features/metrics/metrics.service";
import { sendingDb } from "./send-steps";

const DAY_MS = 86_400_000;

/**
 * Every 5 minutes: recomputes today's and yesterday's roll-ups, so figures nothing counts on the
 * spot (new visitors, enrichment, drafts, send errors) reach the scorecards within minutes. Sends,
 * decisions, GHL events and ratings are counted in their own transaction (rollup-increments.ts);
 * this recount also repairs anything those missed.
 */
export const rollupMetrics = inngest.createFunction(
  { id: "rollup-metrics", name: "Metric roll-ups", retries: 2, triggers: [{ cron: "*/5 * * * *" }] },
  async ({ step }) => {
    return step.run("recompute", async () => {
      const db = await sendingDb();
      const now = Date.now();
      const days = [dayKey(new Date(now - DAY_MS)), dayKey(new Date(now))];
      for (const d of days) await recomputeDay(db, d);
      return { days };
    });
  },
);
