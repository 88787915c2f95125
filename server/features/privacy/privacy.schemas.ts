import { z } from "zod";

export const eraseContactInput = z.object({
  draftId: z.string().min(1).max(64),
  /** Typed by the admin to confirm; must be exactly "ERASE". */
  confirm: z.literal("ERASE"),
});
export const eraseContactOutput = z.object({
  visitorId: z.string(),
  already: z.boolean(),
  suppressionAdded: z.boolean(),
  counts: z.record(z.string(), z.number()),
});
