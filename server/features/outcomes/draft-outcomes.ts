import { z } from "zod";
import type { Db } from "@/server/db/client";

/** What came back for a draft's e-mail: its outcome watch and every outcome, replies with their text. */
export const draftOutcomesInput = z.object({ draftId: z.string().min(1).max(64) });
export const draftOutcomesOutput = z.object({
  sendId: z.string().nullable(),
  watch: z.object({ status: z.string(), deadline: z.string(), result: z.string().nullable(), closedAt: z.string().nullable() }).nullable(),
  items: z.array(z.object({
    id: z.string(), type: z.string(), classification: z.string().nullable(), occurredAt: z.string(), value: z.number().nullable(),
    subject: z.string().nullable(), text: z.string().nullable(), erased: z.boolean(),
  })),
});
export type DraftOutcomes = z.infer<typeof draftOutcomesOutput>;

export async function draftOutcomes(db: Db, draftId: string): Promise<DraftOutcomes> {
  const send = await db.send.findUnique({ where: { draftId }, select: { id: true } });
  if (!send) return { sendId: null, watch: null, items: [] };
  const [watch, outcomes] = await Promise.all([
    db.outcomeWatch.findUnique({ where: { sendId: send.id } }),
    db.outcome.findMany({ where: { sendId: send.id }, orderBy: [{ occurredAt: "asc" }, { id: "asc" }], take: 100, select: { id: true, type: true, classification: true, occurredAt: true, value: true, payload: true } }),
  ]);
  return {
    sendId: send.id,
    watch: watch ? { status: watch.status, deadline: watch.deadline.toISOString(), result: watch.result, closedAt: watch.closedAt?.toISOString() ?? null } : null,
    items: outcomes.map((o) => {
      let p: { subject?: unknown; text?: unknown; erased?: unknown } = {};
      try {
        p = JSON.parse(o.payload) as typeof p;
      } catch {
        p = {};
      }
      return {
        id: o.id, type: o.type, classification: o.classification, occurredAt: o.occurredAt.toISOString(), value: o.value,
        subject: typeof p.subject === "string" ? p.subject : null, text: typeof p.text === "string" ? p.text : null, erased: p.erased === true,
      };
    }),
  };
}
