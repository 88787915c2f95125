import { inngest } from "@/inngest/client";
import { alertQueued } from "@/inngest/events";
import { runMonitors } from "@/server/features/monitors/monitors.service";
import { sendingDb } from "./send-steps";

/**
 * Every 15 minutes: reply-rate, domain-health and sending-domain monitors (DESIGN.md §4, §8, §10).
 * A tripped monitor pauses sending and alerts once; it never resumes sending (an approver does).
 */
export const runMonitorsFn = inngest.createFunction(
  { id: "run-monitors", name: "Reply-rate and domain-health monitors", retries: 2, triggers: [{ cron: "*/15 * * * *" }] },
  async ({ step }) => {
    const ticks = await step.run("judge", async () => {
      const r = await runMonitors(await sendingDb());
      return r.map((t) => ({ monitor: t.monitor, scope: t.scope, trip: t.verdict.trip, value: t.verdict.value, action: t.action, incidentId: t.incidentId }));
    });
    if (ticks.some((t) => t.action === "OPEN_INCIDENT")) await step.sendEvent("wake-deliverer", alertQueued.create({ alertId: "monitors" }));
    return ticks;
  },
);
