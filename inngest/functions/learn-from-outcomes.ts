import { inngest } from "@/inngest/client";
import { refresh } from "@/server/features/learning/learning.service";
import { sendingDb } from "./send-steps";

/**
 * Every 15 minutes (COACH): flags templates with repeated negative outcomes (out of rotation until
 * an approver reviews them) and refreshes the ICP weight proposal. Template/subject choice needs
 * no pass: drafting reads the learner's current posterior each time.
 */
export const learnFromOutcomes = inngest.createFunction(
  { id: "learn-from-outcomes", name: "Learn from outcomes", retries: 2, triggers: [{ cron: "*/15 * * * *" }] },
  async ({ step }) => {
    return step.run("refresh", async () => {
      const r = await refresh(await sendingDb());
      return { flagged: r.flagged.map((f) => f.key), icpProposalId: r.icpProposalId };
    });
  },
);
