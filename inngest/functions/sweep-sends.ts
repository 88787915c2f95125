import { inngest } from "@/inngest/client";
import { resendStuckApproved, sweepStaleClaims } from "@/server/features/sending/sending.service";
import { ghlFromEnv } from "@/server/integrations/ghl";
import { sendingDb } from "./send-steps";

/**
 * Every 5 minutes: claims whose outcome is unknown (a worker died mid-send) are reconciled with
 * GHL or moved to NEEDS_REVIEW (never resent), and approved drafts that never went out are pushed
 * through the send path again.
 */
export const sweepSends = inngest.createFunction(
  { id: "sweep-sends", name: "Reconcile stale sends", retries: 1, triggers: [{ cron: "*/5 * * * *" }] },
  async ({ step }) => {
    const stale = await step.run("reconcile-stale-claims", async () => {
      const db = await sendingDb();
      return sweepStaleClaims(db, { ghl: ghlFromEnv(db) });
    });
    const stuck = await step.run("resend-stuck-approved", async () => {
      const db = await sendingDb();
      return resendStuckApproved(db, { ghl: ghlFromEnv(db) });
    });
    return { stale, stuck };
  },
);
