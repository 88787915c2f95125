import { z } from "zod";
import { ACTION_KINDS } from "./action-links";

const trend = z.object({ current: z.number().nullable(), previous: z.number().nullable(), change: z.number().nullable() });

/** What a stored digest holds (Digest.data) and what the page shows. */
export const digestData = z.object({
  period: z.object({ start: z.string(), end: z.string(), timeZone: z.string() }),
  sent: trend,
  replyRate: trend,
  positiveReplyRate: trend,
  replies: z.number(),
  positiveReplies: z.number(),
  meetings: z.number(),
  topTemplates: z.array(z.object({ templateId: z.string(), name: z.string(), sent: z.number(), replies: z.number(), positive: z.number() })),
  flaggedTemplates: z.array(z.object({ templateId: z.string(), name: z.string(), flaggedAt: z.string(), flagReason: z.string().nullable() })),
  pending: z.object({ reviews: z.number(), oldestReviewHours: z.number().nullable(), sendsNeedingReview: z.number(), openIncidents: z.number() }),
  anomalies: z.array(z.string()),
  actions: z.array(z.object({ kind: z.enum(ACTION_KINDS), label: z.string(), why: z.string(), url: z.string(), expiresAt: z.string() })),
});
export type DigestData = z.infer<typeof digestData>;

export const digestDto = z.object({ id: z.string(), weekKey: z.string(), createdAt: z.string(), data: digestData });

export const digestGetInput = z.object({ id: z.string().min(1).max(64).optional() });
export const digestGetOutput = z.object({
  digest: digestDto.nullable(),
  history: z.array(z.object({ id: z.string(), weekKey: z.string(), createdAt: z.string() })),
});

const token = z.string().min(1).max(2048);
export const linkInput = z.object({ token });
export const inspectLinkOutput = z.object({
  valid: z.boolean(),
  /** Why the link cannot be used: malformed, signature (altered), expired, used. */
  problem: z.enum(["malformed", "signature", "expired", "used"]).nullable(),
  action: z.object({ kind: z.enum(ACTION_KINDS), title: z.string(), effect: z.string(), expiresAt: z.string() }).nullable(),
});
export const useLinkOutput = z.object({ done: z.boolean(), message: z.string() });
export const generateOutput = z.object({ id: z.string(), weekKey: z.string() });
