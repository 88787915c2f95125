import { z } from "zod";

export const REJECT_REASONS = ["WRONG_PERSON", "BAD_TIMING", "OFF_TONE", "INACCURATE", "COMPETITOR_OR_CUSTOMER", "OTHER"] as const;

export const pendingListInput = z.object({
  cursor: z.string().max(64).nullish(),
  limit: z.number().int().min(1).max(100).default(25),
});

export const pendingItemDto = z.object({
  id: z.string(),
  version: z.number(),
  subject: z.string(),
  tier: z.string(),
  score: z.number(),
  warm: z.boolean(),
  companyName: z.string().nullable(),
  contactName: z.string().nullable(),
  title: z.string().nullable(),
  createdAt: z.string(),
  recommendation: z.string().nullable(),
});

export const pendingListOutput = z.object({ items: z.array(pendingItemDto), nextCursor: z.string().nullable(), total: z.number() });

export const approveInput = z.object({ draftId: z.string().min(1).max(64), version: z.number().int().min(0) });
export const rejectInput = approveInput.extend({
  reasonTag: z.enum(REJECT_REASONS),
  note: z.string().max(2000).optional(),
});
export const decisionOutput = z.object({ draftId: z.string(), status: z.string() });
