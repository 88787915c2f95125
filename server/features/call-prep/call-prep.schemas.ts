import { z } from "zod";

const id = z.string().min(1).max(64);

export const CALL_PREP_STATUSES = ["PREPARED", "READY", "WRITTEN", "FAILED", "ERASED"] as const;

export const listInput = z.object({ cursor: z.string().max(64).nullish(), limit: z.number().int().min(1).max(100).default(25) });
export const listOutput = z.object({
  items: z.array(z.object({
    id: z.string(), createdAt: z.string(), status: z.string(), dryRun: z.boolean(), writeMode: z.string().nullable(),
    name: z.string().nullable(), company: z.string().nullable(), meetingAt: z.string().nullable(), draftId: z.string().nullable(), points: z.number(),
  })),
  nextCursor: z.string().nullable(),
  total: z.number(),
  dryRuns: z.number(),
  /** The current setting: new preps are not written to GHL while true. */
  dryRun: z.boolean(),
});

const fact = z.object({ field: z.string(), value: z.string(), source: z.string(), dataId: z.string(), verifiedAt: z.string() });
const message = z.object({ direction: z.enum(["OUT", "IN"]), at: z.string(), subject: z.string().nullable(), text: z.string(), classification: z.string().nullable() });

/** The stored brief (server/domain/call-prep.ts CallPrepBrief), validated when read back. */
export const briefSchema = z.object({
  person: z.object({ name: z.string().nullable(), title: z.string().nullable(), email: z.string().nullable(), linkedinUrl: z.string().nullable() }),
  company: z.object({ name: z.string().nullable(), domain: z.string().nullable(), industry: z.string().nullable(), employees: z.string().nullable(), revenue: z.string().nullable(), location: z.string().nullable() }),
  meeting: z.object({ startTime: z.string().nullable(), bookedAt: z.string() }),
  visits: z.object({ count: z.number(), pages: z.array(z.object({ url: z.string(), seenAt: z.string() })) }),
  score: z.object({ score: z.number().nullable(), tier: z.string().nullable(), warm: z.boolean(), breakdown: z.array(z.object({ signal: z.string(), points: z.number(), detail: z.string() })) }),
  facts: z.array(fact),
  thread: z.array(message),
  talkingPoints: z.array(z.string()),
});

export const detailInput = z.object({ id });
export const detailOutput = z.object({
  id: z.string(), createdAt: z.string(), status: z.string(), dryRun: z.boolean(), writeMode: z.string().nullable(), writtenAt: z.string().nullable(),
  error: z.string().nullable(), draftId: z.string().nullable(), contactId: z.string().nullable(),
  /** null once the contact's personal data was erased. */
  brief: briefSchema.nullable(),
  fields: z.array(z.object({ key: z.string(), field_value: z.string() })),
});

export const forDraftInput = z.object({ draftId: id });
export const forDraftOutput = z.array(z.object({ id: z.string(), status: z.string(), dryRun: z.boolean(), createdAt: z.string() }));

export const setDryRunInput = z.object({ dryRun: z.boolean() });
export const setDryRunOutput = z.object({ dryRun: z.boolean() });

export const writeNowInput = z.object({ id });
export const writeNowOutput = z.object({ id: z.string(), status: z.string(), error: z.string().nullable() });
