import { z } from "zod";

export const auditEntryInput = z.object({
  actorType: z.enum(["USER", "AGENT", "SYSTEM"]),
  actorId: z.string().nullish(),
  agent: z.string().nullish(),
  action: z.string().min(1),
  decision: z.enum(["ALLOW", "DENY", "INFO"]),
  riskLevel: z.enum(["LOW", "MEDIUM", "HIGH", "CRITICAL"]).nullish(),
  reason: z.string().nullish(),
  subjectType: z.string().nullish(),
  subjectId: z.string().nullish(),
  evidence: z.record(z.string(), z.unknown()).default({}),
});
export type AuditEntryInput = z.input<typeof auditEntryInput>;

export const auditFilter = z.object({
  actorType: z.enum(["USER", "AGENT", "SYSTEM"]).optional(),
  agent: z.string().max(40).optional(),
  action: z.string().max(100).optional(),
  decision: z.enum(["ALLOW", "DENY", "INFO"]).optional(),
  /** Free text matched against the subject id, the reason and the evidence. */
  q: z.string().max(200).optional(),
  from: z.iso.datetime().optional(),
  to: z.iso.datetime().optional(),
});
export type AuditFilter = z.infer<typeof auditFilter>;

export const auditListInput = auditFilter.extend({
  cursor: z.number().int().positive().nullish(),
  limit: z.number().int().min(1).max(200).default(50),
});

export const lastVerificationDto = z
  .object({ ok: z.boolean(), checked: z.number(), at: z.string(), brokenAtSeq: z.number().nullable(), problem: z.string().nullable() })
  .nullable();

export const auditRowDto = z.object({
  seq: z.number(),
  at: z.string(),
  actorType: z.string(),
  actorId: z.string().nullable(),
  /** The user's name when a person acted. */
  actorName: z.string().nullable(),
  agent: z.string().nullable(),
  action: z.string(),
  decision: z.string(),
  riskLevel: z.string().nullable(),
  reason: z.string().nullable(),
  subjectType: z.string().nullable(),
  subjectId: z.string().nullable(),
  evidence: z.string(),
});

export const auditListOutput = z.object({ rows: z.array(auditRowDto), nextCursor: z.number().nullable() });

export const chainVerdictDto = z.union([
  z.object({ ok: z.literal(true), checked: z.number(), headHash: z.string() }),
  z.object({
    ok: z.literal(false),
    checked: z.number(),
    brokenAtSeq: z.number(),
    problem: z.enum(["GAP", "PREV_HASH", "HASH", "HEAD"]),
  }),
]);
