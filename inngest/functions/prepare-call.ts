import { inngest } from "@/inngest/client";
import { prepare, write } from "@/server/features/call-prep/call-prep.service";
import { ghlFromEnv } from "@/server/integrations/ghl";
import { sendingDb } from "./send-steps";

/**
 * PREPPER: a meeting was booked with one of our contacts (ghl/outcome.recorded of type MEETING)
 * -> build the call-prep brief, then (unless in dry run) write it to the GHL contact's custom
 * fields. Two steps, so a retried write never rebuilds the brief.
 */
export const prepareCall = inngest.createFunction(
  {
    id: "prepare-call", name: "Meeting booked → call prep", retries: 3,
    triggers: [{ event: "ghl/outcome.recorded", if: "event.data.type == 'MEETING'" }],
  },
  async ({ event, step }) => {
    const outcomeId = String((event.data as { outcomeId?: unknown }).outcomeId ?? "");
    const prepared = await step.run("prepare-brief", async () => prepare(await sendingDb(), outcomeId));
    if (prepared.kind !== "prepared" || prepared.status !== "READY") return prepared;
    return step.run("write-to-ghl", async () => {
      const db = await sendingDb();
      return write(db, ghlFromEnv(db), prepared.id);
    });
  },
);
