import { z } from "zod";

export const variantPerformance = z.object({
  id: z.string(), key: z.string(), subject: z.string(), active: z.boolean(),
  sent: z.number(), replied: z.number(), positive: z.number(), meetings: z.number(),
});

export const templateSummary = z.object({
  id: z.string(), key: z.string(), name: z.string(), tier: z.string(), angle: z.string(), active: z.boolean(),
  flaggedAt: z.string().nullable(), flagReason: z.string().nullable(),
  version: z.number(), versionId: z.string(), body: z.string(),
  variants: z.array(variantPerformance),
});
export const templateListOutput = z.array(templateSummary);

const body = z.string().min(1, "The body is empty").max(10_000);
const subject = z.string().trim().min(1, "A subject is empty").max(200);

export const previewInput = z.object({
  body,
  subject,
  /** A real visitor to render against; default: the most recent visitor with a person behind it. */
  visitorId: z.string().max(64).optional(),
});

export const checkResult = z.object({ check: z.string(), ok: z.boolean(), detail: z.string() });
export const previewOutput = z.object({
  ok: z.boolean(),
  error: z.string().nullable(),
  visitor: z.object({ id: z.string(), label: z.string() }).nullable(),
  subject: z.string(),
  text: z.string(),
  checks: z.array(checkResult),
});

export const saveVersionInput = z.object({
  templateId: z.string().min(1).max(64),
  body,
  /** New subject variants to add (existing ones are never edited in place: sent e-mails point at them). */
  addVariants: z.array(z.object({ key: z.string().regex(/^[A-Z][A-Z0-9]{0,3}$/, "Variant keys look like A, B or C2"), subject })).max(5).default([]),
  deactivateVariantIds: z.array(z.string().max(64)).max(10).default([]),
  visitorId: z.string().max(64).optional(),
});
export const saveVersionOutput = z.object({ saved: z.boolean(), version: z.number().nullable(), checks: z.array(checkResult), error: z.string().nullable() });
