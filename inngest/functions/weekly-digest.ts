import { inngest } from "@/inngest/client";
import { alertQueued } from "@/inngest/events";
import { generateDueDigest } from "@/server/features/digest/digest.service";
import { sendingDb } from "./send-steps";

/**
 * The weekly digest. The schedule (weekday, hour, time zone) is a setting, so this runs hourly and
 * decides at run time whether this week's digest is due in that zone: a settings change applies at
 * once, without re-syncing a "TZ=… 0 8 * * 1" cron, and a missed Monday catches up later in the week.
 * One digest per ISO week (unique week key), however many processes run the cron.
 */
export const weeklyDigest = inngest.createFunction(
  { id: "weekly-digest", name: "Weekly digest", retries: 2, triggers: [{ cron: "7 * * * *" }] },
  async ({ step }) => {
    const r = await step.run("generate-if-due", async () => generateDueDigest(await sendingDb()));
    if (r.generated) await step.sendEvent("wake-deliverer", alertQueued.create({ alertId: `digest:${r.weekKey}` }));
    return r;
  },
);
