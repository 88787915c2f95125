import { z } from "zod";

const score = z.number().int().min(1, "Scores run from 1 to 5").max(5, "Scores run from 1 to 5");

export const sampleInput = z.object({ size: z.number().int().min(1).max(100).default(20) });

export const sampleItemDto = z.object({
  draftId: z.string(),
  subject: z.string(),
  text: z.string(),
  tier: z.string(),
  status: z.string(),
  createdAt: z.string(),
  myRating: z
    .object({ personalisation: z.number(), subject: z.number(), valueProposition: z.number(), cta: z.number(), tone: z.number() })
    .nullable(),
});
export const sampleOutput = z.object({ items: z.array(sampleItemDto), meanScore: z.number().nullable(), rated: z.number() });

export const rateInput = z.object({
  draftId: z.string().min(1).max(64),
  personalisation: score,
  subject: score,
  valueProposition: score,
  cta: score,
  tone: score,
});

export const csvOutput = z.object({ filename: z.string(), csv: z.string() });
