import { z } from "zod";

export const REJECT_REASONS = ["WRONG_PERSON", "BAD_TIMING", "OFF_TONE", "INACCURATE", "COMPETITOR_OR_CUSTOMER", "OTHER"] as const;
export const TIERS = ["HOT", "MEDIUM", "LOW"] as const;
/** Waiting time buckets for the age filter. */
export const AGES = ["lt1h", "lt24h", "gt24h"] as const;
export const BULK_MAX = 25;

const draftId = z.string().min(1).max(64);

export const pendingFilter = z.object({
  tier: z.enum(TIERS).optional(),
  warm: z.boolean().optional(),
  age: z.enum(AGES).optional(),
  templateId: z.string().min(1).max(64).optional(),
});
export type PendingFilter = z.infer<typeof pendingFilter>;

export const pendingListInput = z.object({
  cursor: z.string().max(64).nullish(),
  limit: z.number().int().min(1).max(100).default(25),
  filter: pendingFilter.default({}),
});

export const pendingItemDto = z.object({
  id: z.string(),
  version: z.number(),
  status: z.string(),
  subject: z.string(),
  tier: z.string(),
  score: z.number(),
  warm: z.boolean(),
  companyName: z.string().nullable(),
  contactName: z.string().nullable(),
  title: z.string().nullable(),
  templateName: z.string(),
  createdAt: z.string(),
  snoozedUntil: z.string().nullable(),
  recommendation: z.string().nullable(),
  /** When a Slack (or other) alert about this draft went out; null = not alerted. */
  alertedAt: z.string().nullable(),
});

export const pendingListOutput = z.object({
  items: z.array(pendingItemDto),
  nextCursor: z.string().nullable(),
  /** Matching the filter. */
  total: z.number(),
  /** The whole queue, unfiltered, for the filter chips. */
  counts: z.object({ all: z.number(), HOT: z.number(), MEDIUM: z.number(), LOW: z.number(), warm: z.number(), snoozed: z.number() }),
  templates: z.array(z.object({ id: z.string(), name: z.string() })),
  sendingPaused: z.boolean(),
});

export const draftRef = z.object({ draftId, version: z.number().int().min(0) });
export const approveInput = draftRef;
export const approveEditedInput = draftRef.extend({
  subject: z.string().trim().min(1).max(200),
  body: z.string().trim().min(1).max(10_000),
});
export const rejectInput = draftRef.extend({
  reasonTag: z.enum(REJECT_REASONS),
  note: z.string().max(2000).optional(),
});
export const snoozeInput = draftRef.extend({ until: z.iso.datetime({ offset: true }) });
export const unsnoozeInput = draftRef;
/** `already`: the same person had already made this same decision (a double click, a second tab). */
export const decisionOutput = z.object({ draftId: z.string(), status: z.string(), already: z.boolean() });

export const bulkApproveInput = z.object({ items: z.array(draftRef).min(1).max(BULK_MAX) });
export const bulkApproveOutput = z.object({
  results: z.array(z.object({ draftId: z.string(), ok: z.boolean(), status: z.string(), message: z.string().nullable() })),
});

const checkDto = z.object({ check: z.string(), ok: z.boolean(), detail: z.string() });
const composedDto = z.object({ subject: z.string(), text: z.string(), html: z.string() });

export const previewEditInput = z.object({ draftId, subject: z.string().max(200), body: z.string().max(10_000) });
export const previewEditOutput = z.object({ ok: z.boolean(), checks: z.array(checkDto), composed: composedDto.nullable() });

export const detailInput = z.object({ draftId });
export const detailOutput = z.object({
  id: z.string(),
  version: z.number(),
  status: z.string(),
  subject: z.string(),
  body: z.string(),
  tier: z.string(),
  score: z.number(),
  warm: z.boolean(),
  createdAt: z.string(),
  decidedAt: z.string().nullable(),
  snoozedUntil: z.string().nullable(),
  alertedAt: z.string().nullable(),
  recommendation: z.string().nullable(),
  recommendationReason: z.string().nullable(),
  /** Exactly what the send path will send (composeForSend), or null when the draft cannot be composed. */
  composed: composedDto.nullable(),
  /** True when `composed` carries an approver's edit. */
  edited: z.boolean(),
  qualityChecks: z.array(checkDto),
  scoreBreakdown: z.array(z.object({ signal: z.string(), points: z.number(), detail: z.string() })),
  evidence: z.array(z.object({ field: z.string(), value: z.string(), source: z.string(), dataId: z.string(), verifiedAt: z.string() })),
  template: z.object({ name: z.string(), version: z.number(), variant: z.string() }),
  recipient: z.object({
    name: z.string().nullable(), title: z.string().nullable(), email: z.string().nullable(), linkedinUrl: z.string().nullable(),
    companyName: z.string().nullable(), companyDomain: z.string().nullable(), website: z.string().nullable(), industry: z.string().nullable(),
    employees: z.string().nullable(), revenue: z.string().nullable(), location: z.string().nullable(), visitCount: z.number(),
    firstSeenAt: z.string(), lastSeenAt: z.string(), erased: z.boolean(),
  }),
  previousContact: z.array(z.object({
    draftId: z.string(), subject: z.string(), status: z.string(), createdAt: z.string(), sentAt: z.string().nullable(),
    samePerson: z.boolean(), contactName: z.string().nullable(),
    /** Replies the e-mail drew: when, and the classifier's verdict (no reply text). */
    replies: z.array(z.object({ at: z.string(), classification: z.string().nullable() })),
  })),
  reviews: z.array(z.object({
    decision: z.string(), reviewer: z.string(), at: z.string(), reasonTag: z.string().nullable(), note: z.string().nullable(),
    diff: z.array(z.object({ op: z.enum(["same", "add", "del"]), line: z.string() })).nullable(),
  })),
  send: z.object({ status: z.string(), mode: z.string(), sentAt: z.string().nullable(), error: z.string().nullable() }).nullable(),
  sendingPaused: z.boolean(),
  /**
   * An approved draft not sent yet: the hour it was scheduled for (send-time choice), and the send
   * claim's latest refusal (outside the window, a limit…) with when it is tried again.
   */
  waiting: z.object({
    scheduledFor: z.string().nullable(),
    refusal: z.object({ reason: z.string(), at: z.string(), retryAt: z.string().nullable() }).nullable(),
  }).nullable(),
});
export type DetailDto = z.infer<typeof detailOutput>;

export const outboxInput = z.object({ cursor: z.string().max(64).nullish(), limit: z.number().int().min(1).max(100).default(25) });
export const outboxOutput = z.object({
  items: z.array(z.object({
    id: z.string(), draftId: z.string(), to: z.string(), subject: z.string(), at: z.string(), status: z.string(), mode: z.string(), html: z.string(),
  })),
  nextCursor: z.string().nullable(),
  total: z.number(),
});
